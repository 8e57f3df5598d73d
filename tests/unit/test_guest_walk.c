// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM's userspace guest stack walk (vmm/guest_walk.c) on guest RAM
 * built here: page tables and frame records whose chain is known.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../../vmm/guest_walk.h"

#define RAM_BASE	0x80000000ULL
#define RAM_SIZE	(4ULL << 20)
#define PAGE		4096ULL
#define ROOT_GPA	(RAM_BASE + 0x100000)	/* Sv39 root, then two more tables */
#define STACK_GVA	0xffffffc000200000ULL	/* two pages, mapped below */
#define STACK_GPA	(RAM_BASE + 0x200000)
#define SATP_SV39	(8ULL << 60)
#define SUM		(1ULL << 18)
#define UXL_64		(2ULL << 32)
#define UXL_32		(1ULL << 32)

#define V (1ULL << 0)
#define R (1ULL << 1)
#define W (1ULL << 2)
#define U (1ULL << 4)
#define A (1ULL << 6)
#define D (1ULL << 7)
#define N (1ULL << 63)

static unsigned char *ram;
static struct guest_ram mem;

static void put(uint64_t gpa, uint64_t val)
{
	memcpy(ram + (gpa - RAM_BASE), &val, sizeof(val));
}

static uint64_t pte(uint64_t gpa, uint64_t bits)
{
	return (gpa >> 12) << 10 | bits;
}

static uint64_t index_of(uint64_t gva, int level)
{
	return (gva >> (12 + 9 * level)) & 511;
}

/* Sv39: root -> level-1 table -> level-0 table mapping STACK_GVA's pages. */
static void map_stack(uint64_t leaf_bits)
{
	uint64_t l1 = ROOT_GPA + PAGE, l0 = ROOT_GPA + 2 * PAGE;

	memset(ram + (ROOT_GPA - RAM_BASE), 0, 3 * PAGE);
	put(ROOT_GPA + 8 * index_of(STACK_GVA, 2), pte(l1, V));
	put(l1 + 8 * index_of(STACK_GVA, 1), pte(l0, V));
	put(l0 + 8 * index_of(STACK_GVA, 0), pte(STACK_GPA, leaf_bits));
	put(l0 + 8 * index_of(STACK_GVA + PAGE, 0), pte(STACK_GPA + PAGE, leaf_bits));
}

static uint64_t gpa_of(uint64_t fp_gva, bool mmu)
{
	return mmu ? STACK_GPA + (fp_gva - STACK_GVA) : fp_gva;
}

/* A frame record below @fp: the caller's fp, then the return address. */
static void frame(uint64_t fp, uint64_t next_fp, uint64_t ra, bool mmu)
{
	put(gpa_of(fp, mmu) - 16, next_fp);
	put(gpa_of(fp, mmu) - 8, ra);
}

/* Four frames, the third on the second page; returns the innermost fp. */
static uint64_t four_frames(uint64_t base, bool mmu)
{
	uint64_t fp[4] = { base + 0x100, base + 0x400, base + PAGE + 0x10, base + PAGE + 0x800 };

	frame(fp[0], fp[1], 0x1000, mmu);
	frame(fp[1], fp[2], 0x2000, mmu);
	frame(fp[2], fp[3], 0x3000, mmu);
	frame(fp[3], 0, 0x4000, mmu);
	return fp[0];
}

static int walk(const struct guest_walk_regs *regs, uint64_t *chain, int max)
{
	return guest_walk_chain(&mem, regs, chain, max);
}

static bool chain_is(const uint64_t *chain, int n, const uint64_t *want, int nwant)
{
	return n == nwant && !memcmp(chain, want, sizeof(*want) * nwant);
}

int main(void)
{
	const uint64_t whole[] = { 0x42, 0x1000, 0x2000, 0x3000, 0x4000 };
	struct guest_walk_regs regs;
	uint64_t chain[64], fp;
	int n;

	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 1;
	mem = (struct guest_ram){ ram, RAM_BASE, RAM_SIZE };

	fp = four_frames(STACK_GPA, false);
	regs = (struct guest_walk_regs){ .pc = 0x42, .s0 = fp };
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 5), "MMU off: the PC and four return addresses");
	n = walk(&regs, chain, 3);
	check(chain_is(chain, n, whole, 3), "the chain stops at its bound");
	n = walk(&regs, chain, 0);
	check(n == 0, "a bound of 0 stores nothing");

	map_stack(V | R | W | A | D);
	fp = four_frames(STACK_GVA, true);
	regs = (struct guest_walk_regs){ .pc = 0x42, .s0 = fp, .satp = SATP_SV39 | ROOT_GPA >> 12 };
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 5), "Sv39: the chain across two stack pages");

	/* A leaf: the word at fp - 8 is the caller's fp; ra holds the return. */
	put(gpa_of(fp, true) - 8, fp + 0x300);
	frame(fp + 0x300, fp + 0x300 + 0x100, 0x5000, true);
	frame(fp + 0x400, 0, 0x6000, true);
	regs.ra = 0x7000;
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, (const uint64_t[]){ 0x42, 0x7000, 0x5000, 0x6000 }, 4),
	      "a leaf's return address taken from ra");
	regs.ra = 0;

	fp = four_frames(STACK_GVA, true);
	frame(fp, fp, 0x1000, true);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 2), "a frame pointing to itself ends the chain");
	frame(fp, fp + 8, 0x1000, true);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 2), "a misaligned frame ends the chain");
	frame(fp, 0xffffffc040000000ULL, 0x1000, true);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 2), "an unmapped frame ends the chain");
	frame(fp, 0x0000004000000010ULL, 0x1000, true);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 2), "a non-canonical frame ends the chain");
	fp = four_frames(STACK_GVA, true);

	map_stack(V | R | W | D);
	n = walk(&regs, chain, 64);
	check(n == 1, "a page with its accessed bit clear is not read");
	map_stack(V | R | W | A | D | (1ULL << 54));
	n = walk(&regs, chain, 64);
	check(n == 1, "a PTE with a reserved bit set is not read");
	map_stack(V | W | A | D);
	n = walk(&regs, chain, 64);
	check(n == 1, "a write-only PTE is not read");

	map_stack(V | R | W | A | D);
	regs.user = true;
	regs.sstatus = UXL_64;
	n = walk(&regs, chain, 64);
	check(n == 1, "a user chain does not read a kernel page");
	map_stack(V | R | W | U | A | D);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 5), "a user chain reads a user page");
	regs.sstatus = UXL_32;
	n = walk(&regs, chain, 64);
	check(n == 1, "a 32-bit user process: its PC alone");
	regs.user = false;
	regs.sstatus = 0;
	n = walk(&regs, chain, 64);
	check(n == 1, "a kernel chain does not read a user page without SUM");
	regs.sstatus = SUM;
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 5), "a kernel chain reads a user page with SUM");
	regs.sstatus = 0;

	/* A 64 KiB NAPOT leaf: PPN[3:0] = 0b1000, the page from the address. */
	map_stack(V | R | W | A | D);
	{
		uint64_t l0 = ROOT_GPA + 2 * PAGE, i;

		for (i = 0; i < 16; i++)
			put(l0 + 8 * index_of(STACK_GVA + i * PAGE, 0),
			    pte(STACK_GPA, V | R | W | A | D | N) | 0x8ULL << 10);
	}
	fp = four_frames(STACK_GVA, true);
	n = walk(&regs, chain, 64);
	check(chain_is(chain, n, whole, 5), "a 64 KiB NAPOT mapping followed into the right pages");

	regs.satp = 7ULL << 60;
	n = walk(&regs, chain, 64);
	check(n == 1, "an unknown translation mode: the PC alone");
	regs = (struct guest_walk_regs){ .pc = 0x42, .s0 = RAM_BASE + RAM_SIZE + 0x100 };
	n = walk(&regs, chain, 64);
	check(n == 1, "a frame outside guest RAM: the PC alone");

	free(ram);
	return checks_done();
}
