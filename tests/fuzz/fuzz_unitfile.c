/* fuzz_unitfile.c - unit files read in C (unitfile_parse) against lenses/deafen_unit.aug */
#include "differ.h"
#include "fuzz.h"
#include "unitfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_differ(data, size, "Deafen_unit.lns", unitfile_parse);
	return 0;
}
