/*
 * A stand-in for Windows' bcryptprimitives.dll, for scripts/wine-smoke.sh
 * only. Go's runtime needs its ProcessPrng since Go 1.22, and Wine 8.0
 * (Debian 12's) does not have the DLL: without it a Go binary stops at
 * start-up with "bcryptprimitives.dll not found". This one fills the
 * buffer from RtlGenRandom, which Wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
