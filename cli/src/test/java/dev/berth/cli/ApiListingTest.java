package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of Berth as its module descriptors declare it: what each module exports to
 * everyone, and that no public or protected signature of an exported type (supertypes, type
 * parameter bounds, fields, constructors, methods, thrown types) names a type from a package a
 * Berth module does not export to everyone. Writes the listing to {@code target/api-listing.txt}.
 *
 * <p>The descriptors are read from the Berth modules on the test class path (main code is
 * compiled as modules; tests run on the class path).
 */
class ApiListingTest {
    /** The modules whose descriptors must be found: every Berth module this one depends on. */
    private static final Set<String> MODULES = Set.of("dev.berth.namespaces", "dev.berth.overlayfs", "dev.berth",
            "dev.berth.junit", "dev.berth.cli", "dev.berth.samples");

    @Test
    void exportedSignaturesNameOnlyExportedTypes() throws IOException {
        Map<String, ModuleReference> modules = berthModules();
        assertEquals(MODULES, modules.keySet(), "the Berth modules on the class path");

        Set<String> exported = new TreeSet<>();
        Set<String> internal = new TreeSet<>();
        for (ModuleReference m : modules.values()) {
            ModuleDescriptor d = m.descriptor();
            Set<String> open = new TreeSet<>();
            d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> open.add(e.source()));
            exported.addAll(open);
            d.packages().stream().filter(p -> !open.contains(p)).forEach(internal::add);
        }

        StringBuilder listing = new StringBuilder();
        List<String> leaks = new ArrayList<>();
        for (ModuleReference m : modules.values()) {
            ModuleDescriptor d = m.descriptor();
            listing.append("module ").append(d.name()).append('\n');
            d.exports().stream().sorted().forEach(e -> listing.append("  exports ").append(e.source())
                    .append(e.isQualified() ? " to " + String.join(", ", new TreeSet<>(e.targets())) : "").append('\n'));
            for (Class<?> type : exportedTypes(m, exported)) {
                listing.append("\n  ").append(declaration(type)).append('\n');
                for (Member member : members(type)) {
                    listing.append("    ").append(member.text()).append('\n');
                    for (Type t : member.types()) {
                        for (Class<?> named : named(t)) {
                            if (internal.contains(named.getPackageName())) {
                                leaks.add(type.getName() + ": " + member.text() + " names " + named.getName());
                            }
                        }
                    }
                }
            }
            listing.append('\n');
        }
        Path out = Path.of("target", "api-listing.txt");
        Files.writeString(out, listing, StandardCharsets.UTF_8);
        assertTrue(leaks.isEmpty(), leaks.size() + " exported signatures name a type of a non-exported package"
                + " (listing in " + out.toAbsolutePath() + "):\n" + String.join("\n", leaks));
    }

    /** The Berth modules (named, with a descriptor) among the class path's entries. */
    private static Map<String, ModuleReference> berthModules() {
        Map<String, ModuleReference> found = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            boolean exploded = Files.isRegularFile(p.resolve("module-info.class"));
            if (!exploded && !(Files.isRegularFile(p) && entry.endsWith(".jar"))) {
                continue;
            }
            try {
                for (ModuleReference m : ModuleFinder.of(p).findAll()) {
                    if (!m.descriptor().isAutomatic() && MODULES.contains(m.descriptor().name())) {
                        found.putIfAbsent(m.descriptor().name(), m);
                    }
                }
            } catch (FindException e) {
                // A jar that is no module at all (e.g. one with a broken descriptor): not Berth's.
            }
        }
        return found;
    }

    /** The public types of {@code m} in packages exported to everyone, nested ones included. */
    private static List<Class<?>> exportedTypes(ModuleReference m, Set<String> exported) throws IOException {
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = m.open(); Stream<String> names = reader.list()) {
            for (String name : names.filter(n -> n.endsWith(".class")).sorted().toList()) {
                String binary = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                int dot = binary.lastIndexOf('.');
                if (dot < 0 || binary.endsWith("module-info") || binary.endsWith("package-info")
                        || !exported.contains(binary.substring(0, dot))) {
                    continue;
                }
                Class<?> c = load(binary);
                if (visible(c)) {
                    types.add(c);
                }
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    private static Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, false, ApiListingTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("a class the module lists does not load: " + binaryName, e);
        }
    }

    /** Public, or protected inside a visible type, all the way out; anonymous and local classes are not. */
    private static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        int mod = c.getModifiers();
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(mod);
        }
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod) && !Modifier.isFinal(outer.getModifiers()))
                && visible(outer);
    }

    private static String declaration(Class<?> type) {
        StringBuilder s = new StringBuilder(type.toGenericString());
        Type sup = type.getGenericSuperclass();
        if (sup != null && sup != Object.class && !type.isEnum() && !type.isRecord()) {
            s.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            s.append(type.isInterface() ? " extends " : " implements ");
            s.append(String.join(", ", Arrays.stream(interfaces).map(Type::getTypeName).toList()));
        }
        return s.toString();
    }

    /** A signature in the listing and the types it names. */
    private record Member(String text, List<Type> types) {
    }

    /** The type's own declaration (supertypes, bounds) and its public and protected members a caller reaches. */
    private static List<Member> members(Class<?> type) {
        boolean extendable = !Modifier.isFinal(type.getModifiers()) && !type.isEnum() && !type.isRecord();
        List<Member> members = new ArrayList<>();
        List<Type> header = new ArrayList<>();
        if (type.getGenericSuperclass() != null) {
            header.add(type.getGenericSuperclass());
        }
        header.addAll(List.of(type.getGenericInterfaces()));
        for (TypeVariable<?> v : type.getTypeParameters()) {
            header.addAll(List.of(v.getBounds()));
        }
        members.add(new Member("(type declaration)", header));

        for (Field f : sorted(type.getDeclaredFields(), Field::toGenericString)) {
            if (reachable(f.getModifiers(), extendable) && !f.isSynthetic()) {
                members.add(new Member(f.toGenericString(), List.of(f.getGenericType())));
            }
        }
        for (Constructor<?> c : sorted(type.getDeclaredConstructors(), Constructor::toGenericString)) {
            if (reachable(c.getModifiers(), extendable) && !c.isSynthetic()) {
                members.add(executable(c, List.of()));
            }
        }
        for (Method m : sorted(type.getDeclaredMethods(), Method::toGenericString)) {
            if (reachable(m.getModifiers(), extendable) && !m.isSynthetic() && !m.isBridge()) {
                members.add(executable(m, List.of(m.getGenericReturnType())));
            }
        }
        return members;
    }

    private static Member executable(Executable e, List<Type> returned) {
        List<Type> types = new ArrayList<>(returned);
        types.addAll(List.of(e.getGenericParameterTypes()));
        types.addAll(List.of(e.getGenericExceptionTypes()));
        for (TypeVariable<?> v : e.getTypeParameters()) {
            types.addAll(List.of(v.getBounds()));
        }
        return new Member(e.toGenericString(), types);
    }

    private static boolean reachable(int modifiers, boolean extendable) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers) && extendable;
    }

    private static <T> List<T> sorted(T[] items, java.util.function.Function<T, String> key) {
        return Arrays.stream(items).sorted(Comparator.comparing(key)).toList();
    }

    /** The classes a type names: itself or its component, its type arguments and wildcard bounds. */
    private static Set<Class<?>> named(Type t) {
        Set<Class<?>> out = new java.util.LinkedHashSet<>();
        collect(t, out);
        return out;
    }

    private static void collect(Type t, Set<Class<?>> out) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive()) {
                out.add(c);
            }
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), out);
            if (p.getOwnerType() != null) {
                collect(p.getOwnerType(), out);
            }
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out);
            }
        } else if (t instanceof WildcardType w) {
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds())).forEach(b -> collect(b, out));
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out);
        }
        // A type variable in use is checked where it is declared (its bounds), not again here.
    }
}
