package dev.hvsock.internal.platform.windows;

/**
 * Result documents of the Host Compute Service, shaped like the documented schema and like what real hosts
 * answer, for the tests of the document reader and of name resolution (which run on any OS).
 *
 * <p>The schema: {@code HcsEnumerateComputeSystems}' result is "a JSON document representing an array of
 * compute system Properties"
 * (https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcsenumeratecomputesystems), whose
 * members are {@code Id}, {@code SystemType} ("Container", "VirtualMachine"), {@code Name}, {@code Owner},
 * {@code RuntimeId} (a Guid), {@code State} ("Created", "Running", "Paused", "Stopped", "SavedAsTemplate",
 * "Unknown"), {@code RuntimeOsType} and more
 * (https://learn.microsoft.com/en-us/virtualization/api/hcs/schemareference, Properties, SystemType, State);
 * a failed operation's document is a {@code ResultError}: {@code Error} (the HRESULT, an int32),
 * {@code ErrorMessage}, {@code ErrorEvents}, {@code Attribution}.
 *
 * <p>What real answers look like, beyond the schema, follows the entries other clients print and parse:
 * a Hyper-V Manager VM with owner {@code VMMS}, its {@code Id} in upper case and {@code RuntimeId} the same
 * GUID in lower case, printed with spaces around the colons (libzmq's Hyper-V transport, pull request 4648,
 * src/hvsocket_address.cpp); the WSL 2 VM with owner {@code WSL} and no {@code Name}, and a system that never
 * ran without {@code State} (a client's recording of a live host); WSL's owner from microsoft/WSL
 * ({@code c_vmOwner = L"WSL"}), docker's from moby ({@code defaultOwner = "docker"}, the container's id as
 * its name), containerd's utility VM ids {@code <id>@vm} and owner the shim's executable name from
 * microsoft/hcsshim. The GUIDs and names here are made up.
 */
public final class HcsSamples {
    /** A Hyper-V Manager VM, pretty-printed. */
    public static final String VMMS_VM = """
            [{
                "Id" : "5B0F1E52-8C1D-4E9A-9F3B-2A6C7D8E9F01",
                "SystemType" : "VirtualMachine",
                "Name" : "BuildServer",
                "Owner" : "VMMS",
                "RuntimeId" : "5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01"
            }]""";

    /** The WSL 2 utility VM and a VM of another manager that never ran (no State), compact. */
    public static final String WSL_AND_NEVER_STARTED = "[{\"Id\":\"C4A7E2D1-3B5F-4E6A-8D9C-0F1E2D3C4B5A\","
            + "\"SystemType\":\"VirtualMachine\",\"Owner\":\"WSL\","
            + "\"RuntimeId\":\"c4a7e2d1-3b5f-4e6a-8d9c-0f1e2d3c4b5a\",\"State\":\"Running\"},"
            + "{\"Id\":\"lab-7d2e9c41a0b84f1e\",\"SystemType\":\"VirtualMachine\","
            + "\"Owner\":\"LabManager\",\"RuntimeId\":\"e1d2c3b4-a596-5877-8899-aabbccddeeff\"}]";

    /**
     * A busy host: WSL, two Hyper-V Manager VMs, one named like the other but in another case, two with
     * one name, a docker container, a containerd utility VM, and members this reader leaves alone.
     */
    public static final String BUSY_HOST = """
            [
              {"Id":"C4A7E2D1-3B5F-4E6A-8D9C-0F1E2D3C4B5A","SystemType":"VirtualMachine","Owner":"WSL",
               "RuntimeId":"c4a7e2d1-3b5f-4e6a-8d9c-0f1e2d3c4b5a","State":"Running","RuntimeOsType":"Linux"},
              {"Id":"5B0F1E52-8C1D-4E9A-9F3B-2A6C7D8E9F01","SystemType":"VirtualMachine","Name":"BuildServer",
               "Owner":"VMMS","RuntimeId":"5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01","State":"Running",
               "Stopped":false,"Statistics":{"Uptime100ns":1234567890,"Processor":{"TotalRuntime100ns":42}}},
              {"Id":"0A1B2C3D-4E5F-4061-8273-948596A7B8C9","SystemType":"VirtualMachine","Name":"Test Lab",
               "Owner":"VMMS","RuntimeId":"0a1b2c3d-4e5f-4061-8273-948596a7b8c9","State":"Paused"},
              {"Id":"9F8E7D6C-5B4A-4938-8271-605948372615","SystemType":"VirtualMachine","Name":"test lab",
               "Owner":"VMMS","RuntimeId":"9f8e7d6c-5b4a-4938-8271-605948372615","State":"Running"},
              {"Id":"6d1c0b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c","SystemType":"Container",
               "Name":"6d1c0b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c","Owner":"docker",
               "RuntimeOsType":"Windows","State":"Running"},
              {"Id":"a1b2c3d4e5f6@vm","SystemType":"VirtualMachine","Name":"pod-sandbox",
               "Owner":"containerd-shim-runhcs-v1.exe","RuntimeId":"3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b",
               "State":"Running","HostingSystemId":"","ProcessList":[]}
            ]""";

    /** Two users' WSL 2 VMs at once (one utility VM per signed-in user). */
    public static final String TWO_WSL = "[{\"Id\":\"C4A7E2D1-3B5F-4E6A-8D9C-0F1E2D3C4B5A\",\"SystemType\":"
            + "\"VirtualMachine\",\"Owner\":\"WSL\",\"RuntimeId\":\"c4a7e2d1-3b5f-4e6a-8d9c-0f1e2d3c4b5a\"},"
            + "{\"Id\":\"D5B8F3E2-4C6A-4F7B-9EAD-1A2B3C4D5E6F\",\"SystemType\":\"VirtualMachine\",\"Owner\":\"WSL\","
            + "\"RuntimeId\":\"d5b8f3e2-4c6a-4f7b-9ead-1a2b3c4d5e6f\"}]";

    /** A host that runs nothing: the hosted CI runners. */
    public static final String NOTHING = "[]";

    /** A ResultError: the HRESULT as a signed decimal, a message, events and their data. */
    public static final String RESULT_ERROR = """
            {"Error":-2143878910,"ErrorMessage":"The virtual machine could not be started because a required \
            feature is not installed.","ErrorEvents":[{"Message":"Hyper-V is not installed on the host.",\
            "Provider":"17103e3f-3c6e-4677-bb17-3b267eb5be57","EventId":11008,"Data":[]}]}""";

    private HcsSamples() {
    }
}
