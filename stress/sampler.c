// SPDX-License-Identifier: GPL-2.0
/* System-wide perf sampling that counts samples by host/guest cpumode. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sampler.h"

/*
 * Rings large enough that, drained as the programs drain them, a round
 * loses no record at the highest rate on a loaded machine; a round that
 * does lose some is counted, and not judged (see kvm-reload).
 */
#define RING_DATA_PAGES 128

static long page_bytes(void)
{
	return sysconf(_SC_PAGESIZE);
}

static int read_max_rate(unsigned long *rate)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_sample_rate", "r");
	int ok;

	if (!f) {
		perror("stress: /proc/sys/kernel/perf_event_max_sample_rate");
		return -1;
	}
	ok = fscanf(f, "%lu", rate) == 1 && *rate > 0;
	fclose(f);
	if (!ok) {
		fprintf(stderr, "stress: cannot read perf_event_max_sample_rate\n");
		return -1;
	}
	return 0;
}

static int open_ring(struct sampler *s, uint32_t type, uint64_t config, int cpu)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = type,
		.config = config,
		.freq = 1,
		.sample_freq = s->rate,
		.sample_type = PERF_SAMPLE_IP,
	};
	unsigned int i = s->nr_rings;
	unsigned long max;
	void *ring;
	int fd;

	if (i == SAMPLER_MAX_RINGS) {
		fprintf(stderr, "stress: more than %d rings wanted\n", SAMPLER_MAX_RINGS);
		return -1;
	}
	fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	/*
	 * The kernel lowers the highest rate as soon as sampling interrupts
	 * take too long, which at this rate can happen between two opens:
	 * then go on at the new highest rate.
	 */
	while (fd < 0 && errno == EINVAL && !read_max_rate(&max) && max < s->rate) {
		s->rate = attr.sample_freq = max;
		fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	}
	if (fd < 0) {
		fprintf(stderr, "stress: perf_event_open(type %u, config %llu, cpu %d) at %lu Hz: %s\n",
			type, (unsigned long long)config, cpu, s->rate, strerror(errno));
		return -1;
	}
	ring = mmap(NULL, page_bytes() + s->ring_bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0);
	if (ring == MAP_FAILED) {
		perror("stress: mmap perf ring");
		close(fd);
		return -1;
	}
	s->fds[i] = fd;
	s->rings[i] = ring;
	s->nr_rings++;
	return 0;
}

int sampler_open(struct sampler *s)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int cpu;

	memset(s, 0, sizeof(*s));
	s->ring_bytes = RING_DATA_PAGES * page_bytes();
	if (read_max_rate(&s->rate))
		return -1;
	for (cpu = 0; cpu < cpus; cpu++) {
		if (open_ring(s, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, cpu) ||
		    open_ring(s, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, cpu)) {
			sampler_close(s);
			return -1;
		}
	}
	printf("sampling cpu-clock and cycles on %ld CPUs at %lu Hz each\n", cpus, s->rate);
	return 0;
}

static void count_record(const struct perf_event_header *h, const unsigned char *rec,
			 struct sample_counts *c)
{
	uint64_t lost;

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		switch (h->misc & PERF_RECORD_MISC_CPUMODE_MASK) {
		case PERF_RECORD_MISC_KERNEL:
		case PERF_RECORD_MISC_USER:
			c->host++;
			break;
		case PERF_RECORD_MISC_GUEST_KERNEL:
		case PERF_RECORD_MISC_GUEST_USER:
			c->guest++;
			break;
		default:
			c->unknown++;
			break;
		}
		break;
	case PERF_RECORD_LOST:
		/* header, u64 id, u64 lost */
		memcpy(&lost, rec + sizeof(*h) + sizeof(uint64_t), sizeof(lost));
		c->lost += lost;
		c->lost_records++;
		break;
	}
}

static void drain_ring(struct sampler *s, unsigned int i, struct sample_counts *c)
{
	struct perf_event_mmap_page *meta = s->rings[i];
	const unsigned char *data = (const unsigned char *)meta + page_bytes();
	uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = meta->data_tail;
	unsigned char rec[64];

	while (tail < head) {
		struct perf_event_header h;
		size_t off = tail & (s->ring_bytes - 1), n, first;

		/* A record can wrap around the end of the ring. */
		first = s->ring_bytes - off < sizeof(h) ? s->ring_bytes - off : sizeof(h);
		memcpy(&h, data + off, first);
		memcpy((unsigned char *)&h + first, data, sizeof(h) - first);
		if (h.size < sizeof(h))
			break;	/* cannot happen; do not spin on it */
		n = h.size < sizeof(rec) ? h.size : sizeof(rec);
		first = s->ring_bytes - off < n ? s->ring_bytes - off : n;
		memcpy(rec, data + off, first);
		memcpy(rec + first, data, n - first);
		count_record(&h, rec, c);
		tail += h.size;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}

void sampler_drain(struct sampler *s, struct sample_counts *c)
{
	unsigned int i;

	for (i = 0; i < s->nr_rings; i++)
		drain_ring(s, i, c);
}

void sampler_poll(struct sampler *s, int ms, struct sample_counts *c)
{
	struct pollfd pfd[SAMPLER_MAX_RINGS];
	unsigned int i;

	for (i = 0; i < s->nr_rings; i++)
		pfd[i] = (struct pollfd){ .fd = s->fds[i], .events = POLLIN };
	poll(pfd, s->nr_rings, ms);
	sampler_drain(s, c);
}

void sampler_close(struct sampler *s)
{
	unsigned long max;
	unsigned int i;

	if (s->nr_rings && !read_max_rate(&max))
		printf("perf_event_max_sample_rate: %lu Hz when sampling started, %lu Hz now\n",
		       s->rate, max);
	for (i = 0; i < s->nr_rings; i++) {
		munmap(s->rings[i], page_bytes() + s->ring_bytes);
		close(s->fds[i]);
	}
	s->nr_rings = 0;
}

void sample_counts_add(struct sample_counts *sum, const struct sample_counts *c)
{
	sum->host += c->host;
	sum->guest += c->guest;
	sum->unknown += c->unknown;
	sum->lost += c->lost;
	sum->lost_records += c->lost_records;
	sum->guest_ticks += c->guest_ticks;
}

void sample_counts_print(const char *what, const struct sample_counts *c)
{
	printf("%s: %lu host, %lu guest samples, %lu lost (%lu PERF_RECORD_LOST)%s\n", what,
	       c->host, c->guest, c->lost, c->lost_records,
	       c->unknown ? ", and samples of an unknown cpumode" : "");
}
