package dev.hvsock.internal.platform;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;

/**
 * Reads the {@code MethodHandle.invokeExact} call sites of a compiled class from its class file: the method
 * descriptors javac wrote for them, which are exactly the types those calls will demand of their handles at
 * run time. Reading the class file ({@link ClassFile}) needs no class loading, so it works for Windows-only
 * classes on Linux.
 */
final class InvokeExactCallSites {
    private InvokeExactCallSites() {
    }

    /** The descriptors of every {@code invokeExact} call in {@code className} (one per distinct descriptor). */
    static List<String> of(String className) throws IOException {
        String resource = "/" + className.replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream raw = InvokeExactCallSites.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("class file not found: " + resource);
            }
            bytes = raw.readAllBytes();
        }
        ClassModel model;
        try {
            model = ClassFile.of().parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a readable class file: " + resource, e);
        }
        return model.methods().stream()
                .flatMap(method -> method.code().stream())
                .flatMap(CodeModel::elementStream)
                .<InvokeInstruction>mapMulti((element, calls) -> {
                    if (element instanceof InvokeInstruction call) {
                        calls.accept(call);
                    }
                })
                .filter(InvokeExactCallSites::isInvokeExact)
                .map(call -> call.typeSymbol().descriptorString())
                .distinct()
                .toList();
    }

    private static boolean isInvokeExact(InvokeInstruction call) {
        return call.owner().asInternalName().equals("java/lang/invoke/MethodHandle")
                && call.name().equalsString("invokeExact");
    }
}
