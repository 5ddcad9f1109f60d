/* fuzz_services.c - /etc/services read in C (services_parse) against the stock Services lens */
#include "differ.h"
#include "fuzz.h"
#include "services.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_differ(data, size, "Services.lns", services_parse);
	return 0;
}
