package dev.berth.namespaces.launch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads spec bytes back into (tag, payload) records, as the helper's spec.c does. */
final class SpecDecoder {
    record Rec(int tag, ByteBuffer payload) {
        String string() {
            byte[] b = new byte[payload.remaining()];
            payload.duplicate().get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        long u64() {
            return payload.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
        }

        int u32() {
            return payload.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        /** A mount record: op, options, flags, mode, dev, source, target, fstype, data. */
        List<Object> mount() {
            ByteBuffer b = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            List<Object> m = new ArrayList<>(List.of(b.getInt(), b.getInt(), b.getLong(), b.getInt()));
            b.getInt();
            m.add(b.getLong());
            for (int i = 0; i < 4; i++) {
                byte[] s = new byte[b.getInt()];
                b.get(s);
                m.add(new String(s, StandardCharsets.UTF_8));
            }
            if (b.hasRemaining()) {
                throw new AssertionError("trailing bytes in a mount record");
            }
            return m;
        }
    }

    static List<Rec> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != SpecEncoder.MAGIC || b.getInt() != SpecEncoder.VERSION) {
            throw new AssertionError("bad header");
        }
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int tag = b.getShort();
            if (b.getShort() != 0) {
                throw new AssertionError("reserved half-word is not zero");
            }
            int len = b.getInt();
            ByteBuffer p = b.slice(b.position(), len);
            b.position(b.position() + len);
            out.add(new Rec(tag, p));
        }
        return out;
    }

    static List<Rec> tagged(List<Rec> recs, int tag) {
        return recs.stream().filter(r -> r.tag() == tag).toList();
    }
}
