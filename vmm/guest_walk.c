// SPDX-License-Identifier: GPL-2.0
/*
 * Walk a stopped guest's frame-pointer chain from the VMM: translate with
 * the guest's Sv39/Sv48/Sv57 page table (or none, MMU off) in software,
 * read frame records through the VMM's mapping of guest RAM.  The guest is
 * not touched: no accessed bit is set, and a page the guest's MMU would
 * fault on ends the chain.
 */
#include <string.h>

#include "guest_walk.h"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1ULL << PAGE_SHIFT)
#define INDEX_BITS		9

/* PTE bits, as the privileged specification lays them out. */
#define PTE_V			(1ULL << 0)
#define PTE_R			(1ULL << 1)
#define PTE_W			(1ULL << 2)
#define PTE_X			(1ULL << 3)
#define PTE_U			(1ULL << 4)
#define PTE_A			(1ULL << 6)
#define PTE_D			(1ULL << 7)
#define PTE_PPN_SHIFT		10
#define PTE_PPN_MASK		((1ULL << 44) - 1)
#define PTE_RESERVED		(0x7fULL << 54)
#define PTE_PBMT_RESERVED	(3ULL << 61)
#define PTE_N			(1ULL << 63)
#define NAPOT_64K_PAGES		16ULL
#define NAPOT_64K_PPN		0x8ULL

#define SATP_MODE_SHIFT		60
#define SATP_PPN_MASK		((1ULL << 44) - 1)

#define SSTATUS_SUM		(1ULL << 18)
#define SSTATUS_MXR		(1ULL << 19)
#define SSTATUS_UXL_SHIFT	32
#define SSTATUS_UXL_MASK	(3ULL << SSTATUS_UXL_SHIFT)
#define SSTATUS_UXL_64		(2ULL << SSTATUS_UXL_SHIFT)

/* A leaf function's caller frame lies at most this far above its fp. */
#define LEAF_CALLER_REACH	0x10000ULL

struct walk {
	const struct guest_ram *mem;
	uint64_t root;		/* guest-physical address of the root table */
	unsigned int levels;	/* 0: the guest's MMU is off */
	bool user, sum, mxr;
};

static bool read_phys(const struct guest_ram *mem, uint64_t gpa, uint64_t *val)
{
	if (mem->size < sizeof(*val) || gpa < mem->base ||
	    gpa - mem->base > mem->size - sizeof(*val) || gpa % sizeof(*val))
		return false;
	memcpy(val, mem->ram + (gpa - mem->base), sizeof(*val));
	return true;
}

/* The guest-physical address of @gva, if the guest may read it there. */
static bool translate(const struct walk *w, uint64_t gva, uint64_t *gpa)
{
	unsigned int va_bits = PAGE_SHIFT + w->levels * INDEX_BITS, level;
	uint64_t table = w->root, pte = 0, ppn, span;
	int64_t canonical;
	bool leaf = false;

	if (!w->levels) {
		*gpa = gva;
		return true;
	}
	canonical = (int64_t)(gva << (64 - va_bits)) >> (64 - va_bits);
	if ((uint64_t)canonical != gva)
		return false;
	for (level = w->levels; level-- > 0;) {
		uint64_t index = (gva >> (PAGE_SHIFT + level * INDEX_BITS)) &
				 ((1ULL << INDEX_BITS) - 1);

		if (!read_phys(w->mem, table + index * 8, &pte))
			return false;
		if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W ||
		    (pte & PTE_RESERVED) || (pte & PTE_PBMT_RESERVED) == PTE_PBMT_RESERVED)
			return false;
		leaf = pte & (PTE_R | PTE_X);
		if (leaf)
			break;
		/* Reserved in a pointer to the next level. */
		if (pte & (PTE_U | PTE_A | PTE_D | PTE_N | PTE_PBMT_RESERVED))
			return false;
		table = ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PAGE_SHIFT;
	}
	if (!leaf)
		return false;
	if (!(pte & PTE_R) && !(w->mxr && (pte & PTE_X)))
		return false;
	if ((pte & PTE_U) ? !w->user && !w->sum : w->user)
		return false;
	/* The guest's MMU would fault or set A: either way the guest changes. */
	if (!(pte & PTE_A))
		return false;

	ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
	span = 1ULL << (level * INDEX_BITS);
	if (pte & PTE_N) {
		if (level || (ppn & (NAPOT_64K_PAGES - 1)) != NAPOT_64K_PPN)
			return false;
		ppn &= ~(NAPOT_64K_PAGES - 1);
		span = NAPOT_64K_PAGES;
	} else if (ppn & (span - 1)) {
		return false;	/* a misaligned superpage */
	}
	*gpa = ((ppn + ((gva >> PAGE_SHIFT) & (span - 1))) << PAGE_SHIFT) |
	       (gva & (PAGE_SIZE - 1));
	return true;
}

static bool read_virt(const struct walk *w, uint64_t gva, uint64_t *val)
{
	uint64_t gpa;

	return translate(w, gva, &gpa) && read_phys(w->mem, gpa, val);
}

/* The frame record below @fp: the caller's fp at fp - 16, ra at fp - 8. */
static bool read_frame(const struct walk *w, uint64_t fp, uint64_t *next_fp, uint64_t *ra)
{
	return read_virt(w, fp - 16, next_fp) && read_virt(w, fp - 8, ra);
}

static bool walk_init(struct walk *w, const struct guest_ram *mem,
		      const struct guest_walk_regs *regs)
{
	switch (regs->satp >> SATP_MODE_SHIFT) {
	case 0:
		w->levels = 0;
		break;
	case 8:
	case 9:
	case 10:
		w->levels = (unsigned int)(regs->satp >> SATP_MODE_SHIFT) - 5;
		break;
	default:
		return false;
	}
	w->mem = mem;
	w->root = (regs->satp & SATP_PPN_MASK) << PAGE_SHIFT;
	w->user = regs->user;
	w->sum = regs->sstatus & SSTATUS_SUM;
	w->mxr = regs->sstatus & SSTATUS_MXR;
	/* A 32-bit user process keeps 4-byte words in its frame records. */
	return !w->user || (regs->sstatus & SSTATUS_UXL_MASK) == SSTATUS_UXL_64;
}

int guest_walk_chain(const struct guest_ram *mem, const struct guest_walk_regs *regs,
		     uint64_t *chain, int max)
{
	uint64_t fp = regs->s0, next_fp, ra;
	struct walk w;
	int n = 0;

	if (max < 1)
		return 0;
	chain[n++] = regs->pc;
	if (!fp || fp % 16 || !walk_init(&w, mem, regs) || !read_frame(&w, fp, &next_fp, &ra))
		return n;
	/*
	 * GCC may leave a leaf function's return address in ra: the word at
	 * fp - 8 is then the caller's frame pointer, a little above.
	 */
	if (ra > fp && ra - fp <= LEAF_CALLER_REACH && ra % 16 == 0) {
		next_fp = ra;
		ra = regs->ra;
	}
	while (ra && n < max) {
		chain[n++] = ra;
		if (next_fp <= fp || next_fp % 16)
			break;
		fp = next_fp;
		if (!read_frame(&w, fp, &next_fp, &ra))
			break;
	}
	return n;
}
