package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared JDK selection of ./mvnw, ./ptosim and .ci/run ({@code .mvn/jdk.sh}), run by sh. */
class JdkSelectionTest {
    @TempDir
    Path tmp;

    private Path script;

    @BeforeEach
    void findScript() {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "the launcher scripts are POSIX sh");
        script = Paths.get(System.getProperty("ptosim.root", "..")).resolve(".mvn/jdk.sh").toAbsolutePath();
        assertThat(script).exists();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run sh(String commands, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "set -euf; . \"$JDK_SH\"; " + commands);
        pb.environment().clear();
        pb.environment().put("JDK_SH", script.toString());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(out).strip(), Files.readString(err).strip());
    }

    /** A directory that looks like a JDK: bin/java printing {@code version}, bin/javac, maybe a release file. */
    private Path fakeJdk(String name, String version, boolean withRelease) throws IOException {
        Path home = tmp.resolve(name);
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path p = bin.resolve(tool);
            Files.writeString(p, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (withRelease) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return home;
    }

    @Test
    void readsTheMajorVersionFromReleaseOrFromJavaVersion() throws Exception {
        Path jdk21 = fakeJdk("jdk21", "21.0.2", true);
        Path jdk8 = fakeJdk("jdk8", "1.8.0_392", true);
        Path jdk17 = fakeJdk("jdk17", "17.0.9", false);
        Run run = sh("ptosim_jdk_major " + jdk21 + "; ptosim_jdk_major " + jdk8 + "; ptosim_jdk_major " + jdk17
                + "; ptosim_jdk_major " + tmp.resolve("missing") + "; echo end", Map.of());
        assertThat(run.out()).isEqualTo("21\n8\n17\nend");
    }

    @Test
    void keepsAJavaHomeThatIsNewEnough() throws Exception {
        Path jdk21 = fakeJdk("jdk21", "21.0.2", true);
        Run run = sh("ptosim_use_jdk; echo \"$JAVA_HOME\"", Map.of("JAVA_HOME", jdk21.toString()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(jdk21.toString());
    }

    @Test
    void passesOverAnOldJavaHomeToTheJavaOnPath() throws Exception {
        Path jdk17 = fakeJdk("jdk17", "17.0.9", true);
        Path jdk22 = fakeJdk("jdk22", "22.0.1", true);
        Run run = sh("ptosim_use_jdk; echo \"$JAVA_HOME\"",
                Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk22.resolve("bin") + ":/usr/bin:/bin"));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(jdk22.toString());
    }

    @Test
    void saysInOneLineHowToGetAJdkWhenNoneIsNewEnough() throws Exception {
        Path jdk17 = fakeJdk("jdk17", "17.0.9", true);
        Run run = sh("ptosim_use_jdk; echo unreachable",
                Map.of("JAVA_HOME", jdk17.toString(), "PTOSIM_MIN_JAVA", "99"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).startsWith("ptosim: needs a JDK >= 99").contains("set JAVA_HOME");
    }
}
