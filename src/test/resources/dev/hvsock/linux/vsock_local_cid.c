/*
 * The test oracle of VsockLocalTest: asks the kernel for this machine's CID exactly as vsock(7) shows
 * ("ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &cid)" on /dev/vsock) and prints "cid=N" (unsigned), or
 * "open-errno=N" / "ioctl-errno=N" when that fails. It opens no socket and connects nowhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/vm_sockets.h>

int main(void)
{
    unsigned int cid = 0;
    int fd = open("/dev/vsock", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        printf("open-errno=%d\n", errno);
        return 0;
    }
    if (ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &cid) < 0) {
        printf("ioctl-errno=%d\n", errno);
        close(fd);
        return 0;
    }
    close(fd);
    printf("cid=%u\n", cid);
    return 0;
}
