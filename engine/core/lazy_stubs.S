/* lazy_stubs.S: the engine's calls into GDAL, GEOS and PROJ go through these stubs, so
 * that the libraries are loaded on their first use and not at program start (loading
 * GDAL and the hundred libraries it needs costs about 0.1 s of every run; a run on a
 * graph file never needs it). x86-64 System V; core/lazy_libs.c has the rest.
 *
 * Stub i is `jmp *gmi_lazy_slots[i]`. The slot first holds the address of the stub's
 * first-call entry, which pushes i and enters lazy_first: that saves the argument
 * registers (integer, vector and %al for variadic calls), asks gmi_lazy_resolve(i) for
 * the function's address (it loads the library, looks the name up and fills the slot),
 * restores them and jumps there, so the function returns straight to its caller. */
#include "core/lazy_syms.h"

        .section .note.GNU-stack, "", @progbits

        .macro GMI_STUB name, idx
        .text
        .globl \name
        .hidden \name
        .type \name, @function
        .p2align 4
\name:
        jmp *(gmi_lazy_slots + 8 * \idx)(%rip)
        .size \name, . - \name
gmi_first_\idx:
        pushq $\idx
        jmp lazy_first
        .data
        .quad gmi_first_\idx
        .endm

        .data
        .p2align 3
        .globl gmi_lazy_slots
        .hidden gmi_lazy_slots
        .type gmi_lazy_slots, @object
gmi_lazy_slots:
#define GMI_STUB_OF(lib, name) GMI_STUB name, __COUNTER__;
        GMI_LAZY_SYMS(GMI_STUB_OF)
        .data
        .size gmi_lazy_slots, . - gmi_lazy_slots

        .text
        .p2align 4
        .type lazy_first, @function
lazy_first:
        /* (%rsp): the stub's index, 8(%rsp): the caller's return address; %rsp is
         * 16-byte aligned here */
        pushq %rdi
        pushq %rsi
        pushq %rdx
        pushq %rcx
        pushq %r8
        pushq %r9
        pushq %rax
        subq $136, %rsp
        movdqu %xmm0, 0(%rsp)
        movdqu %xmm1, 16(%rsp)
        movdqu %xmm2, 32(%rsp)
        movdqu %xmm3, 48(%rsp)
        movdqu %xmm4, 64(%rsp)
        movdqu %xmm5, 80(%rsp)
        movdqu %xmm6, 96(%rsp)
        movdqu %xmm7, 112(%rsp)
        movq 192(%rsp), %rdi
        call gmi_lazy_resolve
        movq %rax, %r11
        movdqu 0(%rsp), %xmm0
        movdqu 16(%rsp), %xmm1
        movdqu 32(%rsp), %xmm2
        movdqu 48(%rsp), %xmm3
        movdqu 64(%rsp), %xmm4
        movdqu 80(%rsp), %xmm5
        movdqu 96(%rsp), %xmm6
        movdqu 112(%rsp), %xmm7
        addq $136, %rsp
        popq %rax
        popq %r9
        popq %r8
        popq %rcx
        popq %rdx
        popq %rsi
        popq %rdi
        addq $8, %rsp
        jmp *%r11
        .size lazy_first, . - lazy_first
