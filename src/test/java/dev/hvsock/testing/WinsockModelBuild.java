package dev.hvsock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Why the Winsock model is missing, from its build log, for the failure of a test that needed it. */
final class WinsockModelBuild {
    private WinsockModelBuild() {
    }

    /** The build log's text after "; ", or "" where the Windows platform does not run over the model. */
    static String failure() {
        String dir = System.getProperty("hvsock.winsock.model");
        if (!TestPlatform.overWinsockModel() || dir == null) {
            return "";
        }
        Path log = Path.of(dir, "build.log");
        try {
            return "; the Winsock model (src/test/c/winsock-model/build.sh, which needs gcc) did not build: "
                    + (Files.exists(log) ? Files.readString(log).strip() : "no " + log);
        } catch (IOException e) {
            return "; the Winsock model's build log cannot be read: " + e;
        }
    }
}
