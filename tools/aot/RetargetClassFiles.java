import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Copies a jar, rewriting class files older than Java 6 (version 50) as Java 8 class files
 * with stack maps: JDK 25's AOT cache skips such old classes ("Old class has been linked"),
 * and picocli ships Java 5 class files. The code is unchanged; only the version and the
 * stack maps the newer verifier needs are written. Run by tools/aot-cache with JDK 24+:
 * {@code java RetargetClassFiles.java IN.jar OUT.jar}.
 */
public final class RetargetClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
                JarFile jar = new JarFile(in.toFile());
                OutputStream file = Files.newOutputStream(out);
                JarOutputStream copy = new JarOutputStream(file)) {
            // stack maps need the common superclass of two types: picocli's own from the jar
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.ofResourceParsing(loader)
                            .orElse(ClassHierarchyResolver.defaultResolver())));
            var entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                byte[] bytes = jar.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    bytes = retarget(cf, bytes);
                }
                JarEntry written = new JarEntry(entry.getName());
                written.setTime(entry.getTime());
                copy.putNextEntry(written);
                copy.write(bytes);
                copy.closeEntry();
            }
        }
    }

    private static byte[] retarget(ClassFile cf, byte[] bytes) {
        var model = cf.parse(bytes);
        if (model.majorVersion() >= JAVA_6) {
            return bytes;
        }
        // rebuilding every method body is what makes the library write the stack maps
        ClassTransform version = (builder, element) -> builder.with(element instanceof ClassFileVersion
                ? ClassFileVersion.of(ClassFile.JAVA_8_VERSION, 0) : element);
        return cf.transformClass(model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
    }
}
