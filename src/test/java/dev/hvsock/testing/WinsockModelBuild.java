package dev.hvsock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Why the Winsock model is missing, from its build log, for the failure of a test that needed it. */
final class WinsockModelBuild {
    private WinsockModelBuild() {
    }

    /** What the model's build log says, after "; "; "" where it says nothing or the platform runs without the model. */
    static String failure() {
        String dir = System.getProperty("hvsock.winsock.model");
        if (!PlatformUnderTest.overWinsockModel() || dir == null) {
            return "";
        }
        Path log = Path.of(dir, "build.log");
        try {
            if (!Files.exists(log)) {
                return "; the Winsock model was not built (no " + log + ")";
            }
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "" : "; the Winsock model's build (src/test/c/winsock-model/build.sh, which needs "
                    + "gcc) says: " + text;
        } catch (IOException e) {
            return "; the Winsock model's build log cannot be read: " + e;
        }
    }
}
