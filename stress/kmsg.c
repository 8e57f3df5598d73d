// SPDX-License-Identifier: GPL-2.0
/* Look for a line in the kernel log written since a mark. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"

int kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		perror("stress: /dev/kmsg");
		return -1;
	}
	lseek(fd, 0, SEEK_END);
	return fd;
}

int kmsg_saw(int fd, const char *text)
{
	char rec[2048];
	ssize_t n;
	int found = 0;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on with the next */
		if (n <= 0)
			break;
		rec[n] = '\0';
		found |= strstr(rec, text) != NULL;
	}
	close(fd);
	return found;
}
