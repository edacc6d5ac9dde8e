package dev.hvsock;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Data flows one way (docs/architecture.md): the public value types are the vocabulary every layer uses
 * and use nothing of the library themselves, as {@code java.net}'s types are for {@code sun.nio.ch}; the
 * entry points sit on top; below them channels and the selector, then the virtual-thread pollers, then the
 * platform, then the generated bindings, and no layer reaches back up. No package imports another that
 * imports it back. The Netty transport ({@code dev.hvsock.netty}) sits above everything, uses the public API
 * only, and is the one package that touches Netty, which the rest of the library never needs. The rules read
 * the compiled library, so a new import that breaks them fails here.
 */
class ArchitectureTest {
    /** The public value types: what every layer may speak in. */
    private static final Set<String> VOCABULARY = Set.of("HvSocketAddress", "VsockAddress", "HvProtocolFamily",
            "HvSocketOptions", "HvServiceRegistration", "HvComputeSystem", "VsockTransport", "VsockIdentity");
    /**
     * The classes of {@code dev.hvsock} that open channels, selectors and the registry, or ask the system who
     * is who: the top.
     */
    private static final Set<String> ENTRY_POINTS = Set.of("HvSelectorProvider",
            "HvServiceRegistry", "HvComputeSystems", "HvAddressResolver", "VsockLocal");

    private static final JavaClasses LIBRARY = new ClassFileImporter().importPath(classesOf(HvSocketAddress.class));

    private static final DescribedPredicate<JavaClass> VOCABULARY_TYPES = topLevelIn(VOCABULARY, "the vocabulary");
    private static final DescribedPredicate<JavaClass> ENTRY_POINT_TYPES = topLevelIn(ENTRY_POINTS, "the entry points");

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A class in {@code dev.hvsock} (or an array of one) whose top-level class is one of {@code names}. */
    private static DescribedPredicate<JavaClass> topLevelIn(Set<String> names, String description) {
        return DescribedPredicate.describe(description, c -> {
            JavaClass type = c.getBaseComponentType();
            return type.getPackageName().equals("dev.hvsock") && names.contains(topLevelSimpleName(type));
        });
    }

    private static String topLevelSimpleName(JavaClass c) {
        String name = c.getName().substring(c.getPackageName().length() + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    @Test
    void theRulesSeeTheWholeLibrary() {
        // a rule over nothing passes; make sure the import found every layer
        for (String pkg : List.of("dev.hvsock", "dev.hvsock.netty", "dev.hvsock.internal.channel",
                "dev.hvsock.internal.select",
                "dev.hvsock.internal.poller", "dev.hvsock.internal.platform", "dev.hvsock.internal.platform.linux",
                "dev.hvsock.internal.platform.windows", "dev.hvsock.internal.ffi.linux")) {
            assertTrue(LIBRARY.containPackage(pkg) && !LIBRARY.getPackage(pkg).getClasses().isEmpty(), pkg);
        }
    }

    @Test
    void everyClassOfTheApiPackageIsVocabularyOrAnEntryPoint() {
        classes().that().resideInAPackage("dev.hvsock")
                .should(ArchConditions.be(DescribedPredicate.describe(
                        "in the vocabulary or an entry point (the lists in ArchitectureTest: say which it is)",
                        (JavaClass c) -> VOCABULARY_TYPES.test(c) || ENTRY_POINT_TYPES.test(c))))
                .check(LIBRARY);
    }

    @Test
    void theVocabularyUsesNothingOfTheLibraryButItself() {
        classes().that(VOCABULARY_TYPES)
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("outside dev.hvsock, or the vocabulary",
                        (JavaClass c) -> !c.getPackageName().startsWith("dev.hvsock") || VOCABULARY_TYPES.test(c)))
                .check(LIBRARY);
    }

    @Test
    void noInternalClassUsesAnEntryPoint() {
        noClasses().that().resideInAPackage("dev.hvsock.internal..")
                .should().dependOnClassesThat(ENTRY_POINT_TYPES)
                .check(LIBRARY);
    }

    @Test
    void theLayersAreUsedFromAboveOnly() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.hvsock..")
                .layer("Netty transport").definedBy("dev.hvsock.netty..")
                .layer("Entry points").definedBy(ENTRY_POINT_TYPES)
                .layer("Vocabulary").definedBy(VOCABULARY_TYPES)
                .layer("Channels").definedBy("dev.hvsock.internal.channel..")
                .layer("Selector").definedBy("dev.hvsock.internal.select..")
                .layer("Pollers").definedBy("dev.hvsock.internal.poller..")
                .layer("Platform").definedBy("dev.hvsock.internal.platform..")
                .layer("Bindings").definedBy("dev.hvsock.internal.ffi..")
                .whereLayer("Netty transport").mayNotBeAccessedByAnyLayer()
                .whereLayer("Entry points").mayOnlyBeAccessedByLayers("Netty transport")
                .whereLayer("Channels").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Selector").mayOnlyBeAccessedByLayers("Entry points", "Channels")
                .whereLayer("Pollers").mayOnlyBeAccessedByLayers("Channels", "Selector")
                .whereLayer("Platform").mayOnlyBeAccessedByLayers("Entry points", "Channels", "Selector", "Pollers")
                .whereLayer("Bindings").mayOnlyBeAccessedByLayers("Platform")
                .whereLayer("Vocabulary").mayNotAccessAnyLayer()
                .whereLayer("Bindings").mayNotAccessAnyLayer()
                .check(LIBRARY);
    }

    /**
     * Each package is a slice, but {@code dev.hvsock} is two: the vocabulary, which every layer uses, and
     * the entry points, which use every layer (as {@code java.net}'s types and the providers of
     * {@code java.nio.channels.spi} are, around {@code sun.nio.ch}).
     */
    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                if (VOCABULARY_TYPES.test(c)) {
                    return SliceIdentifier.of("the vocabulary");
                }
                if (ENTRY_POINT_TYPES.test(c)) {
                    return SliceIdentifier.of("the entry points");
                }
                String pkg = c.getBaseComponentType().getPackageName();
                return pkg.startsWith("dev.hvsock") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of dev.hvsock, with dev.hvsock split into vocabulary and entry points";
            }
        }).should().beFreeOfCycles().check(LIBRARY);
    }

    @Test
    void theNettyTransportUsesThePublicApiOnly() {
        noClasses().that().resideInAPackage("dev.hvsock.netty..")
                .should().dependOnClassesThat().resideInAPackage("dev.hvsock.internal..")
                .check(LIBRARY);
    }

    /** Netty is an optional dependency: only dev.hvsock.netty may touch it, so nothing else ever loads it. */
    @Test
    void onlyTheNettyTransportUsesNetty() {
        noClasses().that().resideOutsideOfPackage("dev.hvsock.netty..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(LIBRARY);
    }

    @Test
    void theHvsockCommandUsesThePublicApiOnly() {
        String toolClasses = System.getProperty("hvsock.tool.classes");
        assumeTrue(toolClasses != null && Files.isDirectory(Path.of(toolClasses)),
                "the hvsock command's classes are not built (the system property hvsock.tool.classes names them)");
        JavaClasses tool = new ClassFileImporter().importPath(Path.of(toolClasses));
        assertTrue(tool.containPackage("dev.hvsock.tool"), toolClasses);
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.hvsock.internal..").check(tool);
    }
}
