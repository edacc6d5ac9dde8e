package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.platform.SupportedPlatform;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows classes stay off Linux: the platform is chosen by name, and the parts of the Windows
 * platform that are tested here (codecs, translations, tables, signatures, the Host Compute Service's
 * documents) never load a class that opens ws2_32, kernel32, advapi32, computecore or vmcompute.
 */
class WindowsClassIsolationTest {
    private static final String WINDOWS = "dev.hvsock.internal.platform.windows.";
    /** Classes whose initialization opens a Windows DLL, or that use those that do. */
    private static final List<String> WINDOWS_ONLY = List.of(
            "dev.hvsock.internal.ffi.windows.WinSock",
            "dev.hvsock.internal.ffi.windows.Kernel32",
            "dev.hvsock.internal.ffi.windows.ComputeCore",
            "dev.hvsock.internal.ffi.windows.VmCompute",
            "dev.hvsock.internal.ffi.windows.registry.AdvApi32",
            WINDOWS + "Downcalls",
            WINDOWS + "WindowsPlatform",
            WINDOWS + "WindowsSockets",
            WINDOWS + "WindowsReadiness",
            WINDOWS + "WsaPollArray",
            WINDOWS + "SocketPairWakeup",
            WINDOWS + "HostComputeService",
            WINDOWS + "WinsockPairSockets",
            WINDOWS + "AdvApi32RegistryKeys",
            WINDOWS + "WinsockStartup");

    /** Loads {@code dev.hvsock.*} itself (from the build's class directories) and records every such class. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(new URL[]{location(WsaErrors.class), location(NeutralWindowsCode.class)},
                    WindowsClassIsolationTest.class.getClassLoader());
        }

        private static URL location(Class<?> c) {
            return c.getProtectionDomain().getCodeSource().getLocation();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.hvsock.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                    loaded.add(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    @Test
    void theNeutralWindowsCodeRunsWithoutLoadingAnythingThatOpensAWindowsDll() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            @SuppressWarnings("unchecked")
            Callable<String> neutral = (Callable<String>) loader.loadClass(NeutralWindowsCode.class.getName())
                    .getDeclaredConstructor().newInstance();
            String result = neutral.call();
            assertTrue(result.startsWith("loopback:5000 0 00 connect to: An existing connection"), result);
            for (String used : List.of("WsaErrors", "WsaPollEvents", "WindowsSocketAddresses", "WindowsSocketOptions",
                    "Downcall", "PendingConnects", "Json", "ComputeSystemDocuments", "HcsErrors",
                    "GuestServiceRegistry", "WakeupPairSetup", "HyperVOptionProbe")) {
                assertTrue(loader.loaded.contains(WINDOWS + used), used + " ran in the isolated loader");
            }
            assertTrue(loader.loaded.contains("dev.hvsock.internal.ffi.windows.WinSockTypes"));
            for (String windowsOnly : WINDOWS_ONLY) {
                assertFalse(loader.loaded.contains(windowsOnly), windowsOnly + " was loaded by Windows-neutral code");
            }
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the DLLs exist and this is no failure")
    void initializingAWindowsOnlyClassHereFails() throws IOException {
        // the counterpart of the test above: it is the loading it checks for that would break here
        try (RecordingLoader loader = new RecordingLoader()) {
            Throwable t = assertThrows(Throwable.class,
                    () -> Class.forName("dev.hvsock.internal.ffi.windows.WinSock", true, loader));
            assertTrue(t instanceof ExceptionInInitializerError || t instanceof IllegalArgumentException
                    || t instanceof UnsatisfiedLinkError, t.toString());
        }
    }

    @Test
    void platformsNamesTheWindowsClassOnWindowsOnly() {
        Platforms.Choice windows = new Platforms.Supported(SupportedPlatform.WINDOWS_X86_64);
        assertEquals(WINDOWS + "WindowsPlatform", SupportedPlatform.WINDOWS_X86_64.assembly());
        assertEquals(windows, Platforms.choose("Windows 11", "amd64"));
        assertEquals(windows, Platforms.choose("Windows Server 2022", "amd64"));
        assertEquals(windows, Platforms.choose("Windows 10", "x86_64"));
        assertEquals(new Platforms.Supported(SupportedPlatform.LINUX_X86_64), Platforms.choose("Linux", "amd64"));
        assertEquals("dev.hvsock.internal.platform.linux.LinuxPlatform", SupportedPlatform.LINUX_X86_64.assembly());
        String arm = assertInstanceOf(Platforms.Unsupported.class, Platforms.choose("Windows 11", "aarch64")).reason();
        assertTrue(arm.contains("x86_64") && arm.contains("aarch64"), arm);
    }

    @Test
    void theNamedClassIsAPlatformWithAPublicNoArgumentConstructor() throws ReflectiveOperationException {
        // loaded, not initialized, just as Platforms would find it (it initializes it only on Windows)
        Class<?> c = Class.forName(WINDOWS + "WindowsPlatform", false, getClass().getClassLoader());
        assertTrue(Platforms.Assembly.class.isAssignableFrom(c));
        assertTrue(Modifier.isPublic(c.getModifiers()));
        assertNotNull(c.getConstructor());
    }
}
