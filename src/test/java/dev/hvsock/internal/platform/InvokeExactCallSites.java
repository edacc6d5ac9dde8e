package dev.hvsock.internal.platform;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code MethodHandle.invokeExact} call sites of a compiled class from its constant pool: the
 * method descriptors javac wrote for them, which are exactly the types those calls will demand of their
 * handles at run time. Reading the class file needs no class loading, so it works for Windows-only classes
 * on Linux.
 */
final class InvokeExactCallSites {
    private InvokeExactCallSites() {
    }

    /** The descriptors of every {@code invokeExact} call in {@code className} (one per distinct descriptor). */
    static List<String> of(String className) throws IOException {
        String resource = "/" + className.replace('.', '/') + ".class";
        try (InputStream raw = InvokeExactCallSites.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("class file not found: " + resource);
            }
            return read(new DataInputStream(raw));
        }
    }

    private static List<String> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] tag = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag[i] + " at " + i);
            }
        }
        List<String> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            // a Methodref (10) to java/lang/invoke/MethodHandle whose NameAndType (12) is invokeExact
            if (tag[i] != 10) {
                continue;
            }
            String owner = utf8[first[first[i]]];
            int nameAndType = second[i];
            if ("java/lang/invoke/MethodHandle".equals(owner) && "invokeExact".equals(utf8[first[nameAndType]])) {
                descriptors.add(utf8[second[nameAndType]]);
            }
        }
        return descriptors;
    }
}
