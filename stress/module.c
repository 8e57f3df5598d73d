// SPDX-License-Identifier: GPL-2.0
/* Load and unload kernel modules without a module-init-tools binary. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

int module_load(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		rc = -errno;
	close(fd);
	return rc;
}

int module_unload(const char *name, double timeout_s)
{
	const struct timespec pause = { .tv_nsec = 20 * 1000 * 1000 };
	double end = now_s() + timeout_s;

	for (;;) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		/* A VM's last file may still be on its way to being released. */
		if ((errno != EAGAIN && errno != EBUSY && errno != EWOULDBLOCK) ||
		    now_s() >= end)
			return -errno;
		nanosleep(&pause, NULL);
	}
}
