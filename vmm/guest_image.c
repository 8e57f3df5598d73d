// SPDX-License-Identifier: GPL-2.0
/* Load a bare-metal guest payload (an ELF64 RISC-V executable). */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "guest_image.h"

static int bad(const char *path, const char *why)
{
	fprintf(stderr, "vmm: %s: %s\n", path, why);
	return -1;
}

/* Whether [addr, addr + len) lies inside [base, base + size). */
static int inside(uint64_t addr, uint64_t len, uint64_t base, uint64_t size)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

static int load_segments(const char *path, const uint8_t *file, size_t file_size,
			 void *ram, uint64_t ram_base, size_t ram_size)
{
	const Elf64_Ehdr *eh = (const void *)file;
	unsigned int loaded = 0;

	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !inside(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), 0, file_size))
		return bad(path, "program headers lie outside the file");

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(file + eh->e_phoff) + i * sizeof(*ph);

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (ph->p_filesz > ph->p_memsz)
			return bad(path, "a segment's file size exceeds its memory size");
		if (!inside(ph->p_offset, ph->p_filesz, 0, file_size))
			return bad(path, "a segment lies outside the file (truncated?)");
		if (!inside(ph->p_paddr, ph->p_memsz, ram_base, ram_size)) {
			fprintf(stderr,
				"vmm: %s: segment at 0x%llx+0x%llx does not fit guest RAM 0x%llx+0x%zx\n",
				path, (unsigned long long)ph->p_paddr,
				(unsigned long long)ph->p_memsz,
				(unsigned long long)ram_base, ram_size);
			return -1;
		}
		memcpy((uint8_t *)ram + (ph->p_paddr - ram_base), file + ph->p_offset,
		       ph->p_filesz);
		loaded++;
	}
	return loaded ? 0 : bad(path, "no loadable segment");
}

int guest_image_load(const char *path, void *ram, uint64_t ram_base,
		     size_t ram_size, uint64_t *entry)
{
	const Elf64_Ehdr *eh;
	struct stat st;
	void *file;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bad(path, strerror(errno));
	if (fstat(fd, &st)) {
		close(fd);
		return bad(path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(Elf64_Ehdr)) {
		close(fd);
		return bad(path, "not a regular file of at least an ELF header's size");
	}
	file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (file == MAP_FAILED)
		return bad(path, strerror(errno));

	eh = file;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		rc = bad(path, "not an ELF file");
	else if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		rc = bad(path, "not a little-endian ELF64 file");
	else if (eh->e_machine != EM_RISCV || eh->e_type != ET_EXEC)
		rc = bad(path, "not a RISC-V executable");
	else if (!inside(eh->e_entry, 4, ram_base, ram_size))
		rc = bad(path, "entry point outside guest RAM");
	else
		rc = load_segments(path, file, st.st_size, ram, ram_base, ram_size);
	if (!rc)
		*entry = eh->e_entry;
	munmap(file, st.st_size);
	return rc;
}
