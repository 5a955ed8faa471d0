package io.ringflow.runtime;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM started without the module flags: execute() and executeAsync() fail at once, naming the missing flags. */
class JvmFlagsTest {
    /** The child: runs a tiny job with execute or executeAsync (args[0]), prints the error and exits with 3. */
    public static void main(String[] args) {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromElements(1, 2, 3).map(x -> x * 2).sinkTo(DiscardingSink.create());
        try {
            if (args[0].equals("execute")) {
                env.execute("flags");
            } else {
                env.executeAsync("flags").await();
            }
            System.out.println("the job ran");
        } catch (Throwable e) {
            System.out.println("error: " + e);
            System.exit(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"execute", "executeAsync"})
    void shouldNameEveryMissingFlagWhenStartedWithoutThem(String how, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.startWithoutModuleFlags(JvmFlagsTest.class.getName(), List.of(how), log);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
        String output = Files.readString(log);
        assertEquals(3, child.exitValue(), output);
        assertTrue(output.startsWith("error: java.lang.IllegalStateException: Ringflow cannot run a job"), output);
        for (String flag : JvmFlags.REQUIRED) {
            assertTrue(output.contains(flag), flag + " missing from: " + output);
        }
        assertTrue(output.contains("scripts/jvm-flags"), output);
        assertFalse(output.contains("IllegalAccessError"), output);
    }

    @Test
    void shouldFindNothingMissingWithTheFlagsTheBuildGives() {
        assertEquals(List.of(), JvmFlags.missing(JvmFlags.class.getModule()));
    }

    @Test
    void shouldRequireTheModuleFlagsThePomDefines() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher flags = Pattern.compile("<ringflow.jvm.flags>(.*)</ringflow.jvm.flags>").matcher(pom);
        assertTrue(flags.find(), "ringflow.jvm.flags not in the root pom");
        List<String> moduleFlags = Arrays.stream(flags.group(1).split(" ")).filter(flag -> flag.startsWith("--add-")).toList();
        assertEquals(moduleFlags, JvmFlags.REQUIRED);
    }
}
