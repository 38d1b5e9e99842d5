// Header-only: the symbol comes from libFuzzer, linked in by -sanitize=fuzzer.
#include "CLibFuzzer.h"
