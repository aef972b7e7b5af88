//go:build amd64 && !purego

#include "textflag.h"

// Byte shuffles that rotate each 64-bit lane right by 24 and by 16 bits.
DATA rotr24<>+0x00(SB)/8, $0x0201000706050403
DATA rotr24<>+0x08(SB)/8, $0x0a09080f0e0d0c0b
DATA rotr24<>+0x10(SB)/8, $0x0201000706050403
DATA rotr24<>+0x18(SB)/8, $0x0a09080f0e0d0c0b
GLOBL rotr24<>(SB), (NOPTR+RODATA), $32

DATA rotr16<>+0x00(SB)/8, $0x0100070605040302
DATA rotr16<>+0x08(SB)/8, $0x09080f0e0d0c0b0a
DATA rotr16<>+0x10(SB)/8, $0x0100070605040302
DATA rotr16<>+0x18(SB)/8, $0x09080f0e0d0c0b0a
GLOBL rotr16<>(SB), (NOPTR+RODATA), $32

// BLAMKA_ADD: x = x + y + 2*lo32(x)*lo32(y) in each lane.
#define BLAMKA_ADD(x, y, t) \
	VPMULUDQ y, x, t; \
	VPADDQ   t, t, t; \
	VPADDQ   y, x, x; \
	VPADDQ   t, x, x

// G on four columns at once: Y0..Y3 hold a, b, c, d, one word a lane.
#define G \
	BLAMKA_ADD(Y0, Y1, Y4); \
	VPXOR    Y0, Y3, Y3; \
	VPSHUFD  $0xb1, Y3, Y3; \
	BLAMKA_ADD(Y2, Y3, Y4); \
	VPXOR    Y2, Y1, Y1; \
	VPSHUFB  Y5, Y1, Y1; \
	BLAMKA_ADD(Y0, Y1, Y4); \
	VPXOR    Y0, Y3, Y3; \
	VPSHUFB  Y6, Y3, Y3; \
	BLAMKA_ADD(Y2, Y3, Y4); \
	VPXOR    Y2, Y1, Y1; \
	VPADDQ   Y1, Y1, Y4; \
	VPSRLQ   $63, Y1, Y1; \
	VPXOR    Y4, Y1, Y1

// ROUND is P: G on the columns, then on the diagonals by rotating b, c
// and d by one, two and three lanes, and back.
#define ROUND \
	G; \
	VPERMQ $0x39, Y1, Y1; \
	VPERMQ $0x4e, Y2, Y2; \
	VPERMQ $0x93, Y3, Y3; \
	G; \
	VPERMQ $0x93, Y1, Y1; \
	VPERMQ $0x4e, Y2, Y2; \
	VPERMQ $0x39, Y3, Y3

// BLAMKA_ROUNDS applies P to the rows and then the columns of the block at
// DI, using SI and CX.
#define BLAMKA_ROUNDS \
	MOVQ DI, SI; \
	MOVQ $8, CX; \
rows: \
	VMOVDQU 0(SI), Y0; \
	VMOVDQU 32(SI), Y1; \
	VMOVDQU 64(SI), Y2; \
	VMOVDQU 96(SI), Y3; \
	ROUND; \
	VMOVDQU Y0, 0(SI); \
	VMOVDQU Y1, 32(SI); \
	VMOVDQU Y2, 64(SI); \
	VMOVDQU Y3, 96(SI); \
	ADDQ    $128, SI; \
	DECQ    CX; \
	JNZ     rows; \
	MOVQ DI, SI; \
	MOVQ $8, CX; \
cols: \
	VMOVDQU     0(SI), X0; \
	VINSERTI128 $1, 128(SI), Y0, Y0; \
	VMOVDQU     256(SI), X1; \
	VINSERTI128 $1, 384(SI), Y1, Y1; \
	VMOVDQU     512(SI), X2; \
	VINSERTI128 $1, 640(SI), Y2, Y2; \
	VMOVDQU     768(SI), X3; \
	VINSERTI128 $1, 896(SI), Y3, Y3; \
	ROUND; \
	VMOVDQU      X0, 0(SI); \
	VEXTRACTI128 $1, Y0, 128(SI); \
	VMOVDQU      X1, 256(SI); \
	VEXTRACTI128 $1, Y1, 384(SI); \
	VMOVDQU      X2, 512(SI); \
	VEXTRACTI128 $1, Y2, 640(SI); \
	VMOVDQU      X3, 768(SI); \
	VEXTRACTI128 $1, Y3, 896(SI); \
	ADDQ         $16, SI; \
	DECQ         CX; \
	JNZ          cols

// XOR3(off) loads 32 bytes of q, x and y at off and XORs them into Y0.
#define XOR3(off) \
	VMOVDQU off(DI)(R9*1), Y0; \
	VPXOR   off(AX)(R9*1), Y0, Y0; \
	VPXOR   off(BX)(R9*1), Y0, Y0

// func argon2CompressAVX2(out, x, y, q *argon2Block, xorInto bool)
TEXT ·argon2CompressAVX2(SB), NOSPLIT, $0-33
	MOVQ    out+0(FP), DX
	MOVQ    x+8(FP), AX
	MOVQ    y+16(FP), BX
	MOVQ    q+24(FP), DI
	MOVBLZX xorInto+32(FP), R8
	VMOVDQU rotr24<>(SB), Y5
	VMOVDQU rotr16<>(SB), Y6

	// q = x XOR y (the RFC's R), 128 bytes a step.
	XORQ R9, R9

copy:
	VMOVDQU 0(AX)(R9*1), Y0
	VPXOR   0(BX)(R9*1), Y0, Y0
	VMOVDQU Y0, 0(DI)(R9*1)
	VMOVDQU 32(AX)(R9*1), Y1
	VPXOR   32(BX)(R9*1), Y1, Y1
	VMOVDQU Y1, 32(DI)(R9*1)
	VMOVDQU 64(AX)(R9*1), Y2
	VPXOR   64(BX)(R9*1), Y2, Y2
	VMOVDQU Y2, 64(DI)(R9*1)
	VMOVDQU 96(AX)(R9*1), Y3
	VPXOR   96(BX)(R9*1), Y3, Y3
	VMOVDQU Y3, 96(DI)(R9*1)
	ADDQ    $128, R9
	CMPQ    R9, $1024
	JB      copy

	BLAMKA_ROUNDS

	// out = P(R) XOR R, with R recomputed from x and y (each 32 bytes of
	// out depend only on the same 32 bytes of x and y, so out may alias
	// them), XORed into out's old value when xorInto.
	XORQ  R9, R9
	TESTQ R8, R8
	JNZ   xorout

store:
	XOR3(0)
	VMOVDQU Y0, 0(DX)(R9*1)
	XOR3(32)
	VMOVDQU Y0, 32(DX)(R9*1)
	ADDQ    $64, R9
	CMPQ    R9, $1024
	JB      store
	VZEROUPPER
	RET

xorout:
	XOR3(0)
	VPXOR   0(DX)(R9*1), Y0, Y0
	VMOVDQU Y0, 0(DX)(R9*1)
	XOR3(32)
	VPXOR   32(DX)(R9*1), Y0, Y0
	VMOVDQU Y0, 32(DX)(R9*1)
	ADDQ    $64, R9
	CMPQ    R9, $1024
	JB      xorout
	VZEROUPPER
	RET
