package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Smaps;

/** The /proc lines: fields in the spec's order, bytes printed in kB. */
class ProcFormatTests {

    @Test
    void smapsLinesPrintEveryFieldInKilobytes() {
        Smaps s = new Smaps(8192, 4096, 2048, 2 << 20, 0);
        assertEquals("smaps p0 A Size=8 Rss=4 Anonymous=2 AnonHugePages=2048 ShmemPmdMapped=0",
                ProcFormat.SMAPS.line("smaps p0 A", s));
        assertEquals(4, ProcFormat.SMAPS.kB(s, "Rss"));
    }

    @Test
    void meminfoLinesPrintTheSpecsFourFieldsOnly() {
        Meminfo m = new Meminfo(2 << 20, 4 << 20, 0, 6 << 20, 1 << 30, 1 << 30, 4096, 8192);
        assertEquals("meminfo AnonHugePages=2048 ShmemHugePages=4096 ShmemPmdMapped=0 Shmem=6144",
                ProcFormat.MEMINFO.line("meminfo", m));
        assertEquals(List.of("AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "Shmem"), ProcFormat.MEMINFO.names());
        assertEquals(6144, ProcFormat.MEMINFO.kB(m, "Shmem"));
    }
}
