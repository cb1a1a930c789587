package org.thplab.launcher.script;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A script file's lines: UTF-8 (a leading byte-order mark skipped), split at {@code \n},
 * {@code \r\n} or {@code \r}. A file that cannot be read, or holds bytes that are not UTF-8,
 * is refused in one line naming the file, and the line and byte of the first bad byte.
 */
public final class ScriptSource {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ScriptSource() {
    }

    /** A script that cannot be read or decoded; the message is the whole one-line report. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * The script's lines.
     *
     * @throws Unreadable naming the file (and the line and byte of a byte that is not UTF-8)
     */
    public static List<String> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot read the script: " + reason(e));
        }
        return lines(file.toString(), bytes);
    }

    /**
     * The lines of a script read from {@code in} (standard input, for {@code thplab run -}),
     * named {@code name} in messages.
     *
     * @throws Unreadable naming the stream (and the line and byte of a byte that is not UTF-8)
     */
    public static List<String> read(java.io.InputStream in, String name) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new Unreadable(name + ": cannot read the script: " + reason(e));
        }
        return lines(name, bytes);
    }

    /** The lines of {@code bytes}, read from {@code name}. @throws Unreadable at the first bad byte */
    static List<String> lines(String name, byte[] bytes) {
        int from = startsWithBom(bytes) ? BOM.length : 0;
        List<String> out = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = from;
        for (int i = from; i <= bytes.length; i++) {
            boolean end = i == bytes.length;
            if (end || bytes[i] == '\n' || bytes[i] == '\r') {
                if (!end || i > start) {
                    out.add(decode(utf8, name, out.size() + 1, bytes, start, i));
                }
                if (!end && bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static String decode(CharsetDecoder utf8, String name, int line, byte[] bytes, int from, int to) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        try {
            return utf8.reset().decode(in).toString();
        } catch (CharacterCodingException e) {
            CharBuffer ok = CharBuffer.allocate(to - from);
            ByteBuffer again = ByteBuffer.wrap(bytes, from, to - from);
            utf8.reset().decode(again, ok, true);
            int bad = again.position();
            throw new Unreadable(String.format("%s:%d: byte %d of the line (0x%02X) is not UTF-8: expected"
                    + " a UTF-8 text file", name, line, bad - from + 1, bytes[bad] & 0xFF));
        }
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= BOM.length && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
