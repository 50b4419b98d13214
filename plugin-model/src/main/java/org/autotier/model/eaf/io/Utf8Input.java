package org.autotier.model.eaf.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UTF-8 EAF decoded by autotier rather than by the JDK's XML parser. On bytes that are not
 * UTF-8 (a file saved as Latin-1 that still declares UTF-8) the JDK parser prints "[Fatal Error]"
 * to the process's stderr before it throws, noise in a host's console or a batch log; and its
 * line and column point where it stopped reading ahead, not at the bytes. This reader decodes
 * strictly and fails with {@link BadBytes}, which knows the exact line and column.
 */
final class Utf8Input {
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final int HEAD = 512;

    private Utf8Input() {
    }

    /**
     * A strict UTF-8 reader over {@code in} when the file is UTF-8 (no UTF-16 byte order mark or
     * layout, and its declaration names UTF-8 or no encoding), positioned after a UTF-8 byte order
     * mark; else null, and the parser decodes the stream itself (ISO-8859-1, UTF-16 ...).
     *
     * @param in a stream that supports mark and reset
     */
    static Reader open(InputStream in) throws IOException {
        in.mark(HEAD);
        byte[] head = in.readNBytes(HEAD);
        in.reset();
        int skip = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (head.length >= 2 && (head[0] == 0 || head[1] == 0 || (head[0] & 0xff) >= 0xFE)) {
            return null; // UTF-16 or UTF-32, with or without a byte order mark
        }
        Matcher m = ENCODING.matcher(new String(head, skip, head.length - skip, StandardCharsets.ISO_8859_1));
        if (m.find() && !m.group(1).toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8")) {
            return null;
        }
        in.skipNBytes(skip);
        return new Strict(in);
    }

    /** Bytes that are not UTF-8, with where they are in the text decoded before them. */
    static final class BadBytes extends CharacterCodingException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;
        final String bytes;

        BadBytes(int line, int column, String bytes) {
            this.line = line;
            this.column = column;
            this.bytes = bytes;
        }

        @Override
        public String getMessage() {
            return "bytes that are not UTF-8 (" + bytes + ") in a file that says it is UTF-8: was it saved in "
                    + "another encoding, such as Latin-1 or Windows-1252? Open it in ELAN or a text editor and save it "
                    + "as UTF-8";
        }
    }

    private static final class Strict extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
        private boolean eof;
        private boolean flushed;
        private BadBytes pending;
        // where the next character decoded would be
        private int line = 1;
        private int column = 1;

        Strict(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (pending != null) {
                    throw pending; // after every character decoded before the bad bytes
                }
                if (flushed) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, chars.remaining());
            chars.get(buf, off, n);
            return n;
        }

        private void fill() throws IOException {
            if (!eof && bytes.remaining() < 4) {
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            chars.clear();
            CoderResult r = decoder.decode(bytes, chars, eof);
            if (eof && r.isUnderflow()) {
                r = decoder.flush(chars);
                flushed = r.isUnderflow();
            }
            chars.flip();
            advance();
            if (r.isError()) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < r.length(); i++) {
                    hex.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xff));
                }
                pending = new BadBytes(line, column, hex.toString());
            }
        }

        /** Moves the position past the characters just decoded. */
        private void advance() {
            for (int i = chars.position(); i < chars.limit(); i++) {
                if (chars.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
