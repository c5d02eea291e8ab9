package io.zsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's architecture, as rules: the internal packages form layers, not circles — {@code time} (and the
 * {@code flow} helpers) at the bottom, then {@code select}, then {@code task}, then {@code channel} and {@code sync},
 * then the public API — no internal type appears in an exported signature, and implementation classes have no
 * public constructors. A deliberate cycle (task importing channel) failed the layer rule when this test was written;
 * see the closing note of the change that added it.
 */
@Timeout(120)
class ArchitectureTest {
    private static final Set<String> EXPORTED = Set.of("io.zsync", "io.zsync.channel", "io.zsync.sync");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.zsync");
    }

    @Test
    void internalPackagesFormLayers() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Flow").definedBy("io.zsync.internal.flow..")
                .layer("Time").definedBy("io.zsync.internal.time..")
                .layer("Select").definedBy("io.zsync.internal.select..")
                .layer("Task").definedBy("io.zsync.internal.task..")
                .layer("Channel").definedBy("io.zsync.internal.channel..")
                .layer("Sync").definedBy("io.zsync.internal.sync..")
                .layer("Api").definedBy("io.zsync", "io.zsync.channel..", "io.zsync.sync..")
                .whereLayer("Channel").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Sync").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Task").mayOnlyBeAccessedByLayers("Channel", "Sync", "Api")
                .whereLayer("Select").mayOnlyBeAccessedByLayers("Task", "Channel", "Sync", "Api")
                .whereLayer("Time").mayOnlyBeAccessedByLayers("Select", "Task", "Channel", "Sync", "Api")
                .ignoreDependency(JavaClass.Predicates.resideInAPackage("io.zsync.internal.."),
                        JavaClass.Predicates.resideInAnyPackage("io.zsync", "io.zsync.channel", "io.zsync.sync"))
                .check(classes);
    }

    @Test
    void internalPackagesHaveNoCycles() {
        slices().matching("io.zsync.internal.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void timeAndFlowDependOnNoOtherInternalPackage() {
        noClasses().that().resideInAnyPackage("io.zsync.internal.time..", "io.zsync.internal.flow..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zsync.internal.select..",
                        "io.zsync.internal.task..", "io.zsync.internal.channel..", "io.zsync.internal.sync..")
                .check(classes);
    }

    /** Public and protected members of public types in exported packages mention no internal type. */
    @Test
    void noInternalTypeInAnExportedSignature() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!EXPORTED.contains(c.getPackageName()) || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!visible(m.getModifiers())) {
                    continue;
                }
                m.getParameterTypes().forEach(t -> leak(leaks, m.getFullName(), t.toErasure()));
                leak(leaks, m.getFullName(), m.getRawReturnType());
                m.getExceptionTypes().forEach(t -> leak(leaks, m.getFullName(), t));
            }
            for (JavaField f : c.getFields()) {
                if (visible(f.getModifiers())) {
                    leak(leaks, f.getFullName(), f.getRawType());
                }
            }
        }
        assertTrue(leaks.isEmpty(), "internal types in exported signatures: " + leaks);
    }

    /** Classes in internal packages have no public constructors: they are made by static factories or by their own
     *  package. */
    @Test
    void implementationClassesHaveNoPublicConstructors() {
        List<String> open = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("io.zsync.internal")) {
                continue;
            }
            for (JavaConstructor k : c.getConstructors()) {
                if (k.getModifiers().contains(JavaModifier.PUBLIC) && !c.isRecord()) {
                    open.add(k.getFullName());
                }
            }
        }
        assertTrue(open.isEmpty(), "public constructors of implementation classes: " + open);
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void leak(List<String> leaks, String where, JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        if (base.getPackageName().startsWith("io.zsync.internal")) {
            leaks.add(where + " uses " + base.getName());
        }
    }
}
