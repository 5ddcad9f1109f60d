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
ifeq ($(VALGRIND),1)
override VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect
endif

SRCS = $(wildcard src/*.c)
OBJS = $(SRCS:.c=.o)
LIB_OBJS = $(filter-out src/main.o,$(OBJS))
HDRS = $(wildcard src/*.h)

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
	NF != 5 { printf "%s:%d: expected 5 fields\n", FILENAME, FNR > "/dev/stderr"; exit 1 } \
	{ k = trim($$3); \
	  f = k == "superserver" ? "KNOWN_SUPERSERVER" : k == "dangerous" ? "KNOWN_NETWORK | KNOWN_DANGEROUS" : \
	      k == "network" ? "KNOWN_NETWORK" : ""; \
	  if (f == "") { printf "%s:%d: unknown kind %s\n", FILENAME, FNR, k > "/dev/stderr"; exit 1 } \
	  printf "\t{ %s, %s, %s, %s, %s },\n", str($$1), str($$2), f, str($$5), str($$4) }' $< > $@.tmp && mv $@.tmp $@

src/knowledge.o: src/knowledge-table.h

tests/unit/test_%: tests/unit/test_%.c $(LIB_OBJS) $(HDRS)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

check: deafen $(UNIT_BINS) check-lenses check-unit check-e2e

check-lenses:
	@for t in $(LENS_TESTS); do \
		echo "augparse $$t"; augparse -I lenses $$t || exit 1; \
	done
	@for l in lenses/*.aug; do \
		t=lenses/tests/test_$$(basename $$l); \
		[ -f $$t ] || { echo "$$l has no test $$t"; exit 1; }; \
	done

check-unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do $(VALGRIND) ./$$t || exit 1; done

check-e2e: deafen
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/run.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/apply.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/inputs.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/broken.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/scan.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/harden.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/systemd.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/drift.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/ansible.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/live.sh
	DEAFEN="$(VALGRIND) $(CURDIR)/deafen" sh tests/e2e/install.sh

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

clean:
	rm -f deafen $(OBJS) $(UNIT_BINS) src/knowledge-table.h

.PHONY: all check check-lenses check-unit check-e2e install clean bench
