# deafen - close every network service a host does not need
PREFIX ?= /usr/local
LENSDIR ?= $(PREFIX)/share/deafen/lenses
LIBEXECDIR ?= $(PREFIX)/lib/deafen

CC ?= cc
PKGS = augeas libxml-2.0
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS += $(shell pkg-config --cflags $(PKGS)) -DLENSDIR='"$(LENSDIR)"'
LDLIBS = $(shell pkg-config --libs $(PKGS))

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1
endif

# make check VALGRIND=1: every unit test and every deafen run of the
# end-to-end tests under memcheck; an error or a leak fails the test.
# valgrind 3.19 (Debian 12) does not know openat2 (syscall 437): it warns on
# stderr at each call and fails it with ENOSYS, so under it deafen takes its
# O_NOFOLLOW walk from the start (DEAFEN_NO_OPENAT2); ASan runs the openat2 path.
ifeq ($(VALGRIND),1)
override VALGRIND = env DEAFEN_NO_OPENAT2=1 valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect
endif

SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:.c=.o)
LIB_OBJS = $(filter-out src/main.o,$(OBJS))
# the generated headers by name: on a fresh checkout the wildcard misses them,
# and the objects made before them would be out of date for the next make
# (install.sh's make install relinked deafen while other suites ran it)
GEN_HDRS = src/knowledge-table.h src/knowledge-rel.h src/knowledge-listen.h
HDRS = $(sort $(wildcard src/*.h) $(GEN_HDRS))

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:.c=)

LENS_TESTS = $(wildcard lenses/tests/test_*.aug)

all: deafen

deafen: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

src/%.o: src/%.c $(HDRS) Makefile
	@echo "CC $<"; $(CC) $(CFLAGS) -c -o $@ $<

# the knowledge base is a data file; this turns each line into a C row
src/knowledge-table.h: src/knowledge.tab
	@echo "GEN $@"; awk -F'|' ' \
	function trim(s) { gsub(/^[ \t]+|[ \t]+$$/, "", s); return s } \
	function str(s) { s = trim(s); return s == "" ? "NULL" : "\"" s "\"" } \
	/^[ \t]*(#|$$)/ { next } \
	/^(need|access|listen)[ \t]*\|/ { next } \
	NF != 6 || $$6 ~ /^[ \t]*$$/ { printf "%s:%d: expected 5 fields, and a source\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	{ k = trim($$3); \
	  f = k == "superserver" ? "KNOWN_SUPERSERVER" : k == "dangerous" ? "KNOWN_NETWORK | KNOWN_DANGEROUS" : \
	      k == "network" ? "KNOWN_NETWORK" : ""; \
	  if (f == "") { printf "%s:%d: unknown kind %s\n", FILENAME, FNR, k > "/dev/stderr"; exit 1 } \
	  printf "\t{ %s, %s, %s, %s, %s },\n", str($$1), str($$2), f, str($$5), str($$4) }' $< > $@.tmp && mv $@.tmp $@

src/knowledge.o: src/knowledge-table.h
src/names.o: src/families.def

# its "need" and "access" lines: what stays with what stays (relations.c)
src/knowledge-rel.h: src/knowledge.tab
	@echo "GEN $@"; awk -F'|' ' \
	function trim(s) { gsub(/^[ \t]+|[ \t]+$$/, "", s); return s } \
	function str(s) { s = trim(s); return s == "" ? "NULL" : "\"" s "\"" } \
	!/^(need|access)[ \t]*\|/ { next } \
	NF != 4 { printf "%s:%d: expected 4 fields\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	{ printf "\t{ %s, %s, %s, %s },\n", str($$1), str($$2), str($$3), str($$4) }' $< > $@.tmp && mv $@.tmp $@

src/relations.o: src/knowledge-rel.h

# its "listen" lines: a daemon's configuration file, lens, settings, default ports (daemonconf.c)
src/knowledge-listen.h: src/knowledge.tab
	@echo "GEN $@"; awk -F'|' ' \
	function trim(s) { gsub(/^[ \t]+|[ \t]+$$/, "", s); return s } \
	function str(s) { s = trim(s); return s == "" ? "NULL" : "\"" s "\"" } \
	!/^listen[ \t]*\|/ { next } \
	/["\\]/ { printf "%s:%d: no quote or backslash in a listen line\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	NF != 9 { printf "%s:%d: expected 9 fields\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	trim($$8) !~ /^([^ ]+\/(tcp|udp)(@[a-z0-9_-]+)?)( [^ ]+\/(tcp|udp)(@[a-z0-9_-]+)?)*$$/ { printf "%s:%d: defaults: PORT/PROTO...\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	(trim($$3) == "") != (trim($$4) == "") || (trim($$3) != "" && trim($$5) == "") { printf "%s:%d: a file needs its lens and port setting\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	{ printf "\t{ %s, %s, %s, %s, %s, %s, %s, %s },\n", str($$2), str($$3), str($$4), str($$5), str($$6), str($$7), str($$8), str($$9) }' $< > $@.tmp && mv $@.tmp $@

src/daemonconf.o: src/knowledge-listen.h

tests/unit/test_%: tests/unit/test_%.c $(LIB_OBJS) $(HDRS)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

# Fuzzing (tests/fuzz): one libFuzzer harness per parser deafen owns. `make
# fuzz` builds them with clang, ASan and UBSan (objects in tests/fuzz/build,
# never mixed with src/*.o) and runs each FUZZ_RUNS times on a copy of its
# corpus. `make check` replays every corpus file through every harness,
# built with $(CC) and the flags above (SANITIZE=1, VALGRIND=1 apply).
FUZZ_HARNESSES = fuzz_policy fuzz_manifest fuzz_scan fuzz_names fuzz_json fuzz_report fuzz_lens_inetd \
	fuzz_lens_xinetd fuzz_lens_initscript fuzz_lens_unit fuzz_tree fuzz_headers fuzz_services \
	fuzz_unitfile fuzz_shellvars fuzz_put fuzz_daemonread
FUZZ_TARGETS ?= $(FUZZ_HARNESSES)
FUZZ_RUNS ?= 1000000
FUZZ_FLAGS ?=
FUZZ_CC ?= clang
FUZZ_BUILD = tests/fuzz/build
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS = -g -O1 $(FUZZ_SAN) -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes $(shell pkg-config --cflags $(PKGS)) \
	-DLENSDIR='"$(LENSDIR)"'
FUZZ_LIB_OBJS = $(patsubst src/%.c,$(FUZZ_BUILD)/%.o,$(filter-out src/main.c,$(SRCS)))
FUZZ_HDRS = $(HDRS) tests/fuzz/fuzz.h tests/fuzz/differ.h
FUZZ_DEFS = -Isrc -Itests/fuzz -DFUZZ_SRCDIR='"$(CURDIR)"'
FUZZ_REPLAY = $(FUZZ_HARNESSES:%=tests/fuzz/replay_%)
# fuzz_lens_NAME is fuzz_lens.c for lenses/deafen_NAME.aug
fuzz_src = $(if $(filter fuzz_lens_%,$(1)),tests/fuzz/fuzz_lens.c,tests/fuzz/$(1).c)
fuzz_def = $(if $(filter fuzz_lens_%,$(1)),-DFUZZ_LENS='"Deafen_$(patsubst fuzz_lens_%,%,$(1)).lns"')
FUZZ_NEED_RT = clang's libFuzzer runtime is missing. On Debian 12: apt-get install clang \
	libclang-rt-14-dev (the libclang-rt-N-dev of your clang-N; before clang 14 it is in \
	libclang-common-N-dev). Another clang: make fuzz FUZZ_CC=clang-N

$(FUZZ_BUILD)/%.o: src/%.c $(HDRS) Makefile
	@mkdir -p $(FUZZ_BUILD)
	@echo "CC(fuzz) $<"; $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/knowledge.o: src/knowledge-table.h
$(FUZZ_BUILD)/relations.o: src/knowledge-rel.h
$(FUZZ_BUILD)/daemonconf.o: src/knowledge-listen.h

$(FUZZ_BUILD)/common.o: tests/fuzz/common.c $(FUZZ_HDRS) Makefile
	@mkdir -p $(FUZZ_BUILD)
	@echo "CC(fuzz) $<"; $(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_DEFS) -c -o $@ $<

$(FUZZ_BUILD)/differ.o: tests/fuzz/differ.c $(FUZZ_HDRS) Makefile
	@mkdir -p $(FUZZ_BUILD)
	@echo "CC(fuzz) $<"; $(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_DEFS) -c -o $@ $<

define fuzz_rules
$(FUZZ_BUILD)/$(1): $(call fuzz_src,$(1)) $(FUZZ_BUILD)/common.o $(FUZZ_BUILD)/differ.o $(FUZZ_LIB_OBJS) \
		$(FUZZ_HDRS) Makefile | fuzz-runtime
	@echo "LD(fuzz) $$@"; $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_DEFS) $(call fuzz_def,$(1)) \
		-o $$@ $$< $(FUZZ_BUILD)/common.o $(FUZZ_BUILD)/differ.o $(FUZZ_LIB_OBJS) $(LDLIBS)

tests/fuzz/replay_$(1): tests/fuzz/replay.c $(call fuzz_src,$(1)) tests/fuzz/common.c tests/fuzz/differ.c $(LIB_OBJS) \
		$(FUZZ_HDRS)
	@echo "LD $$@"; $(CC) $(CFLAGS) $(FUZZ_DEFS) $(call fuzz_def,$(1)) -o $$@ tests/fuzz/replay.c \
		$(call fuzz_src,$(1)) tests/fuzz/common.c tests/fuzz/differ.c $(LIB_OBJS) $(LDFLAGS) $(LDLIBS)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_rules,$(h))))

fuzz-runtime:
	@mkdir -p $(FUZZ_BUILD)
	@echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)(n & 0); }' \
		> $(FUZZ_BUILD).probe.c
	@command -v $(FUZZ_CC) >/dev/null || { rm -f $(FUZZ_BUILD).probe.c; \
		echo "make fuzz: $(FUZZ_CC) not found: apt-get install clang libclang-rt-14-dev"; exit 1; }
	@$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $(FUZZ_BUILD).probe $(FUZZ_BUILD).probe.c \
		2>/dev/null || { rm -f $(FUZZ_BUILD).probe $(FUZZ_BUILD).probe.c; \
		echo "make fuzz: $(FUZZ_NEED_RT)"; exit 1; }
	@rm -f $(FUZZ_BUILD).probe $(FUZZ_BUILD).probe.c

fuzz-build: $(FUZZ_HARNESSES:%=$(FUZZ_BUILD)/%)

fuzz: fuzz-build
	@FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_FLAGS="$(FUZZ_FLAGS)" sh tests/fuzz/run.sh $(FUZZ_TARGETS)

check-fuzz-corpus: $(FUZZ_REPLAY)
	@$(RUN_SUITES) $(FUZZ_REPLAY)

fuzz-clean:
	rm -rf $(FUZZ_BUILD) $(FUZZ_REPLAY)

# make check: every suite through tests/run-suites.sh, which shows each one's
# output, then a table per suite and one line 'total: N passed, N failed,
# N skipped'. Every tests/e2e/*.sh but lib.sh is a suite: a new script needs
# no line here. One suite: make check-e2e E2E_SUITES=tests/e2e/run.sh.
# With CI=true a skipped test fails the run too. JOBS=N: suites at a time
# (default: the number of CPUs).
E2E_SUITES = $(filter-out tests/e2e/lib.sh,$(sort $(wildcard tests/e2e/*.sh)))
RUN_SUITES = JOBS="$(JOBS)" VALGRIND="$(VALGRIND)" DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/run-suites.sh

check: deafen $(UNIT_BINS) $(FUZZ_REPLAY)
	@$(RUN_SUITES) $(LENS_TESTS) $(UNIT_BINS) $(FUZZ_REPLAY) $(E2E_SUITES)

check-lenses:
	@$(RUN_SUITES) $(LENS_TESTS)

check-unit: $(UNIT_BINS)
	@$(RUN_SUITES) $(UNIT_BINS)

check-e2e: deafen
	@$(RUN_SUITES) $(E2E_SUITES)

install: deafen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LENSDIR) $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 deafen $(DESTDIR)$(PREFIX)/bin/deafen
	install -m 644 lenses/*.aug $(DESTDIR)$(LENSDIR)/
	install -m 644 deafen.8 $(DESTDIR)$(PREFIX)/share/man/man8/deafen.8
	install -m 644 contrib/bash-completion/deafen \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/deafen
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)/etc/apt/apt.conf.d
	sed 's|@BINDIR@|$(PREFIX)/bin|g' contrib/apt/apt-hook.in > $(DESTDIR)$(LIBEXECDIR)/apt-hook
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/apt-hook
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' contrib/apt/99deafen.in > \
		$(DESTDIR)/etc/apt/apt.conf.d/99deafen
	chmod 644 $(DESTDIR)/etc/apt/apt.conf.d/99deafen

# make bench: the benchmarks of bench/ (hyperfine, ss and netstat for the
# scan bench); each writes its table to bench/last/, for bench/RESULTS.md.
bench: deafen
	mkdir -p bench/last
	sh bench/plan.sh bench/last/plan.md
	sh bench/scan.sh bench/last/scan.md
	sh bench/scale.sh bench/last/scale.md
	sh bench/kill.sh bench/last/kill.md
	sh bench/report.sh bench/last/report.md

clean: fuzz-clean
	rm -f deafen $(OBJS) $(UNIT_BINS) $(GEN_HDRS)

.PHONY: all check check-lenses check-unit check-e2e check-fuzz-corpus fuzz fuzz-build fuzz-runtime \
	fuzz-clean install clean bench
