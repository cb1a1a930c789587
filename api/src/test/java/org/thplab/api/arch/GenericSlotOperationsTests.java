package org.thplab.api.arch;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.ArgumentMatchers.*;
import static org.mockito.Mockito.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** The generic defaults call the architecture's hooks in the kernel's order. */
class GenericSlotOperationsTests {
    private static final Geometry GEOMETRY = new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47);
    private static final long HADDR = 7L << 21;

    private Architecture arch;
    private PmdCodec codec;
    private PmdTable table;
    private Mm mm;

    @BeforeEach
    void setUp() {
        arch = mock(Architecture.class, CALLS_REAL_METHODS);
        codec = mock(PmdCodec.class);
        table = mock(PmdTable.class);
        mm = mock(Mm.class);
        doReturn(GEOMETRY).when(arch).geometry();
        doReturn(codec).when(arch).pmd();
        doReturn("generic").when(arch).name();
        when(codec.transHuge(anyLong())).thenReturn(true);
        when(table.get(anyInt())).thenReturn(0x1234L);
    }

    @Test
    void clearFlushClearsBeforeItFlushes() {
        when(table.getAndSet(7, 0L)).thenReturn(0x1234L);
        assertEquals(0x1234L, arch.pmdpHugeClearFlush(mm, HADDR, table));
        InOrder order = inOrder(arch, table);
        order.verify(arch).pmdpHugeGetAndClear(mm, HADDR, table);
        order.verify(table).getAndSet(7, 0L);
        order.verify(arch).flushPmdTlbRange(mm, HADDR, HADDR + (1L << 21));
        verify(mm).archEvent(ArchEvent.FLUSH_PMD_TLB_RANGE, HADDR, HADDR + (1L << 21));
    }

    @Test
    void clearFlushOfAMisalignedAddressIsRefused() {
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.pmdpHugeClearFlush(mm, HADDR + 4096, table));
        assertEquals("generic: pmdp_huge_clear_flush at 0xe01000: address not aligned to the PMD size 0x200000",
                e.getMessage());
        verify(table, never()).getAndSet(anyInt(), anyLong());
    }

    @Test
    void clearFlushYoungFlushesOnlyWhatWasYoung() {
        when(codec.young(0x1234L)).thenReturn(false);
        assertFalse(arch.pmdpClearFlushYoung(mm, HADDR, table));
        verify(arch, never()).flushPmdTlbRange(any(), anyLong(), anyLong());

        when(codec.young(0x1234L)).thenReturn(true);
        when(codec.mkold(0x1234L)).thenReturn(0x1214L);
        when(table.compareAndSet(7, 0x1234L, 0x1214L)).thenReturn(true);
        assertTrue(arch.pmdpClearFlushYoung(mm, HADDR + 4096, table));
        InOrder order = inOrder(table, arch);
        order.verify(table).compareAndSet(7, 0x1234L, 0x1214L);
        order.verify(arch).flushPmdTlbRange(mm, HADDR, HADDR + (1L << 21));
    }

    @Test
    void invalidateMarksNotPresentThenFlushes() {
        when(codec.mknotpresent(0x1234L)).thenReturn(0x1230L);
        arch.pmdpInvalidate(mm, HADDR, table);
        InOrder order = inOrder(table, arch);
        order.verify(table).set(7, 0x1230L);
        order.verify(arch).flushPmdTlbRange(mm, HADDR, HADDR + (1L << 21));
    }
}
