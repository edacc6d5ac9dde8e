package dev.hvsock.tool;

import java.util.List;
import java.util.UUID;

/**
 * {@link ServiceRegistry} on Windows, through the library's registry API. That API (issue 3,
 * {@code dev.hvsock.HvServiceRegistry}) is not in this build yet, so every operation says so; the command
 * line, validation and messages around it are final.
 */
final class WindowsServiceRegistry implements ServiceRegistry {
    private static CliException notYet() {
        return new CliException(ExitCode.UNSUPPORTED, "the Windows service registry API (dev.hvsock.HvServiceRegistry)"
                + " is not part of this build yet; use regedit or PowerShell meanwhile (see docs/cli.md)");
    }

    @Override
    public List<Service> list() throws CliException {
        throw notYet();
    }

    @Override
    public void add(UUID id, String name) throws CliException {
        throw notYet();
    }

    @Override
    public boolean remove(UUID id) throws CliException {
        throw notYet();
    }
}
