// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for the rig only: take the misc minor of /dev/kvm, so that
 * loading kvm.ko afterwards fails in kvm_init() (misc_register() returns
 * -EBUSY), after the architecture code has set up what it does before
 * kvm_init().  stress/kvm_init_failure.c uses it to check that the riscv
 * KVM module unregisters its perf callbacks on that failure.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static const struct file_operations blocker_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice blocker_dev = {
	.minor = KVM_MINOR,
	.name = "kvm_minor_blocker",
	.fops = &blocker_fops,
};

static int __init blocker_init(void)
{
	return misc_register(&blocker_dev);
}
module_init(blocker_init);

static void __exit blocker_exit(void)
{
	misc_deregister(&blocker_dev);
}
module_exit(blocker_exit);

MODULE_DESCRIPTION("Hold /dev/kvm's misc minor so that kvm_init() fails (rig test)");
MODULE_LICENSE("GPL");
