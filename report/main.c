// SPDX-License-Identifier: GPL-2.0
/*
 * host-guest-report: turn perf's report of a host+guest recording into the
 * host vs guest summary: the share of samples in guest kernel, guest user,
 * host kernel and host user, and each one's top symbols.
 *
 *   host-guest-report [--top N | --rows] [--guest-user-symbols FILE]
 *                     [--host-user-symbols DSO=FILE] [REPORT]
 *
 * --rows prints tab-separated rows for tests and scripts instead (see
 * profile_print_rows()).
 *
 *   host-guest-report --sample-kinds DUMP
 *
 * reads the output of "perf report -D" instead and prints the samples'
 * kinds, host or guest, in all and by thread (see dump_print_rows()).
 *
 *   host-guest-report --kvm-exits TABLE
 *
 * reads the output of "perf kvm stat report --stdio" and prints its
 * VM-exit rows (see kvm_stat_print_rows()).
 *
 *   host-guest-report --callchains SCRIPT
 *
 * reads the output of "perf script -F comm,tid,ip,sym,dso" of a recording
 * made with -g and prints each sample's call chain (see
 * callchain_print_rows()).
 *
 * REPORT (standard input without it) is the output of
 *   perf kvm --host --guest report --stdio --sort comm,dso,sym -t '|'
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callchain.h"
#include "dump.h"
#include "kvm_stat.h"
#include "profile.h"

struct options {
	unsigned long top;
	int rows;
	const char *guest_user_symbols;
	const char *host_user_symbols;	/* "DSO=FILE" */
	const char *report;
};

static int usage(void)
{
	fprintf(stderr, "usage: host-guest-report [--top N | --rows] [--guest-user-symbols FILE]\n"
			"                         [--host-user-symbols DSO=FILE] [REPORT]\n"
			"       host-guest-report --sample-kinds DUMP\n"
			"       host-guest-report --kvm-exits TABLE\n"
			"       host-guest-report --callchains SCRIPT\n");
	return 2;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .top = 5 };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--top") && i + 1 < argc) {
			char *end;

			errno = 0;
			o->top = strtoul(argv[++i], &end, 10);
			if (errno || *end || o->top == 0 || o->top > 100) {
				fprintf(stderr, "host-guest-report: --top wants 1 to 100, not '%s'\n",
					argv[i]);
				return -1;
			}
		} else if (!strcmp(argv[i], "--rows")) {
			o->rows = 1;
		} else if (!strcmp(argv[i], "--guest-user-symbols") && i + 1 < argc) {
			o->guest_user_symbols = argv[++i];
		} else if (!strcmp(argv[i], "--host-user-symbols") && i + 1 < argc) {
			o->host_user_symbols = argv[++i];
			if (!strchr(o->host_user_symbols, '=') || o->host_user_symbols[0] == '=') {
				fprintf(stderr, "host-guest-report: --host-user-symbols wants DSO=FILE, not '%s'\n",
					o->host_user_symbols);
				return -1;
			}
		} else if (argv[i][0] == '-' || o->report) {
			return usage(), -1;
		} else {
			o->report = argv[i];
		}
	}
	return 0;
}

static FILE *open_or_complain(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		fprintf(stderr, "host-guest-report: %s: %s\n", path, strerror(errno));
	return f;
}

/* Name the user samples of the guest (@dso NULL) or of host @dso from @path. */
static int name_user(struct profile *p, const char *dso, const char *path)
{
	FILE *f = open_or_complain(path);
	int rc;

	if (!f)
		return -1;
	rc = dso ? profile_name_host_user(p, dso, f) : profile_name_guest_user(p, f);
	fclose(f);
	if (rc < 0)
		fprintf(stderr, "host-guest-report: %s: read error\n", path);
	return rc < 0 ? -1 : 0;
}

/* --host-user-symbols DSO=FILE */
static int name_host_user(struct profile *p, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char dso[PROFILE_NAME_LEN];

	snprintf(dso, sizeof(dso), "%.*s", (int)(eq - arg), arg);
	return name_user(p, dso, eq + 1);
}

static int sample_kinds(const char *path)
{
	struct dump_counts *d = calloc(1, sizeof(*d));
	FILE *in = open_or_complain(path);
	char err[256];
	int rc = -1;

	if (d && in) {
		rc = dump_parse(in, d, err, sizeof(err));
		if (rc)
			fprintf(stderr, "host-guest-report: %s: %s\n", path, err);
		else
			dump_print_rows(d, stdout);
	} else if (!d) {
		fprintf(stderr, "host-guest-report: out of memory\n");
	}
	if (in)
		fclose(in);
	free(d);
	return rc ? 1 : 0;
}

static int kvm_exits(const char *path)
{
	struct kvm_stat_table *t = calloc(1, sizeof(*t));
	FILE *in = open_or_complain(path);
	char err[256];
	int rc = -1;

	if (t && in) {
		rc = kvm_stat_parse(in, t, err, sizeof(err));
		if (rc)
			fprintf(stderr, "host-guest-report: %s: %s\n", path, err);
		else
			kvm_stat_print_rows(t, stdout);
	} else if (!t) {
		fprintf(stderr, "host-guest-report: out of memory\n");
	}
	if (in)
		fclose(in);
	free(t);
	return rc ? 1 : 0;
}

static int callchains(const char *path)
{
	FILE *in = open_or_complain(path);
	char err[256];
	int rc;

	if (!in)
		return 1;
	rc = callchain_print_rows(in, stdout, err, sizeof(err));
	if (rc)
		fprintf(stderr, "host-guest-report: %s: %s\n", path, err);
	fclose(in);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct profile *profile;
	struct options o;
	FILE *in = stdin;
	char err[256];
	int rc;

	if (argc == 3 && !strcmp(argv[1], "--sample-kinds"))
		return sample_kinds(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--kvm-exits"))
		return kvm_exits(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--callchains"))
		return callchains(argv[2]);
	if (parse_options(argc, argv, &o))
		return 2;
	if (o.report && !(in = open_or_complain(o.report)))
		return 1;
	profile = calloc(1, sizeof(*profile));
	if (!profile) {
		fprintf(stderr, "host-guest-report: out of memory\n");
		return 1;
	}
	rc = profile_parse(in, profile, err, sizeof(err));
	if (in != stdin)
		fclose(in);
	if (rc)
		fprintf(stderr, "host-guest-report: %s: %s\n", o.report ? o.report : "stdin", err);
	if (!rc && o.guest_user_symbols)
		rc = name_user(profile, NULL, o.guest_user_symbols);
	if (!rc && o.host_user_symbols)
		rc = name_host_user(profile, o.host_user_symbols);
	if (!rc && o.rows)
		profile_print_rows(profile, stdout);
	else if (!rc)
		profile_print(profile, o.top, stdout);
	free(profile);
	return rc ? 1 : 0;
}
