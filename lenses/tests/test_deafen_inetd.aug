(* Tests for Deafen_inetd *)
module Test_deafen_inetd =

let lns = Deafen_inetd.lns

(* Group: single service lines *)

test lns get "time stream tcp nowait root internal\n" =
  { "service" = "time"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }

test lns get "#<off># talk dgram udp wait nobody.tty /usr/sbin/in.talkd in.talkd\n" =
  { "service" = "talk"
    { "socket" = "dgram" } { "protocol" = "udp" } { "wait" = "wait" }
    { "user" = "nobody" } { "group" = "tty" }
    { "command" = "/usr/sbin/in.talkd" }
    { "arguments" { "1" = "in.talkd" } }
    { "disabled" } }

(* tabs and several blanks between fields, prefix without a blank *)
test lns get "#<off>#telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd\n" =
  { "service" = "telnet"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.telnetd" } }
    { "disabled" } }

test lns get "rstatd/1-3 dgram rpc/udp wait root /usr/sbin/tcpd rpc.rstatd\n" =
  { "service" = "rstatd"
    { "version" = "1-3" }
    { "socket" = "dgram" } { "protocol" = "rpc/udp" } { "wait" = "wait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "rpc.rstatd" } } }

test lns get "tcpmux/+svc stream tcp nowait root internal\n" =
  { "service" = "tcpmux"
    { "version" = "+svc" }
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }

test lns get "ftp stream tcp nowait/200 root /usr/sbin/tcpd in.ftpd -l -a\n" =
  { "service" = "ftp"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "max" = "200" } { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.ftpd" } { "2" = "-l" } { "3" = "-a" } } }

test lns get "ftp stream tcp nowait.200 root:wheel /usr/sbin/tcpd in.ftpd -l -a\n" =
  { "service" = "ftp"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "max" = "200" } { "user" = "root" } { "group" = "wheel" }
    { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.ftpd" } { "2" = "-l" } { "3" = "-a" } } }

test lns get "telnet stream tcp6 nowait root /usr/sbin/tcpd in.telnetd\n" =
  { "service" = "telnet"
    { "socket" = "stream" } { "protocol" = "tcp6" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.telnetd" } } }

test lns get "127.0.0.1:12345 stream tcp nowait nobody /bin/cat cat\n" =
  { "service" = "12345"
    { "address" = "127.0.0.1" }
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "nobody" } { "command" = "/bin/cat" }
    { "arguments" { "1" = "cat" } } }

test lns get "[::1]:finger stream tcp6 nowait nobody /usr/sbin/tcpd in.fingerd\n" =
  { "service" = "finger"
    { "address" = "[::1]" }
    { "socket" = "stream" } { "protocol" = "tcp6" } { "wait" = "nowait" }
    { "user" = "nobody" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.fingerd" } } }

test lns get "[fe80::1%eth0]:finger stream tcp6 nowait nobody /usr/sbin/tcpd in.fingerd\n" =
  { "service" = "finger"
    { "address" = "[fe80::1%eth0]" }
    { "socket" = "stream" } { "protocol" = "tcp6" } { "wait" = "nowait" }
    { "user" = "nobody" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.fingerd" } } }

test lns get "*:ftp stream tcp nowait root internal\n" =
  { "service" = "ftp"
    { "address" = "*" }
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }

test lns get "localhost:daytime stream tcp nowait root internal\n" =
  { "service" = "daytime"
    { "address" = "localhost" }
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }

(* Group: continuation lines (openbsd-inetd: a line starting with a blank
   goes on with the entry above) *)

test lns get "telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd -h\n" =
  { "service" = "telnet"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.telnetd" } { "2" = "-h" } } }

(* anywhere between fields, over several lines, after a disabled first line *)
test lns get "#<off># finger stream tcp\n    nowait nobody /usr/sbin/tcpd \n  in.fingerd\n" =
  { "service" = "finger"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "nobody" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.fingerd" } }
    { "disabled" } }

(* an indented comment after an entry stays a comment *)
test lns get "time stream tcp nowait root internal\n  # note\n" =
  { "service" = "time"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }
  { "#comment" = "note" }

(* disable and enable change the first line only *)
test lns put "telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd -h\nx stream tcp nowait root internal\n"
  after set "service[1]/disabled" ""
  = "#<off># telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd -h\nx stream tcp nowait root internal\n"

test lns put "#<off># telnet stream tcp nowait root\n /usr/sbin/tcpd in.telnetd\n"
  after rm "service/disabled"
  = "telnet stream tcp nowait root\n /usr/sbin/tcpd in.telnetd\n"

(* a line starting with blanks is no entry of its own *)
test lns get "   time stream tcp nowait root internal\n" = *
test lns get "# c\n\ttime stream tcp nowait root internal\n" = *

test lns get "finger stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now\n" =
  { "service" = "finger"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "nobody" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "in.fingerd" } { "2" = "-w" } }
    { "#comment" = "keep for now" } }

(* a trailing "#" alone; trailing blanks *)
test lns get "echo stream tcp nowait root internal #  \n" =
  { "service" = "echo"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" }
    { "#comment" } }

(* unix-domain socket: the path is the name, no version *)
test lns get "/run/echo.sock stream unix nowait root internal\n" =
  { "service" = "/run/echo.sock"
    { "socket" = "stream" } { "protocol" = "unix" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }

(* default address line *)
test lns get "127.0.0.1:\n" = { "address" = "127.0.0.1" }

(* Group: comments and blank lines *)

test lns get "#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n" =
  { "#comment" = "telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd" }

test lns get "#\n  #  \n\n \t\n# text  \n#:BSD: Shell, login, exec and talk are BSD protocols.\n" =
  { "#comment" }
  { "#comment" }
  { }
  { }
  { "#comment" = "text" }
  { "#comment" = ":BSD: Shell, login, exec and talk are BSD protocols." }

(* "#<off>#" is a service only at column 0 right after "#" *)
test lns get "# <off># telnet stream tcp nowait root internal\n  #<off># x\n" =
  { "#comment" = "<off># telnet stream tcp nowait root internal" }
  { "#comment" = "<off># x" }

(* Group: blank lines, one label-less node each *)

test lns get "\n" = { }
test lns get " \t \n\n" = { } { }

(* at the start, in the middle and at the end of the file *)
test lns get "\n\t\ntime stream tcp nowait root internal\n  \n# x\n\n \n" =
  { }
  { }
  { "service" = "time"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }
  { }
  { "#comment" = "x" }
  { }
  { }

(* a new node goes at the end, after the blank lines *)
test lns put "" after set "#comment" "x" = "# x\n"
test lns put "\n \n\t\n" after set "#comment" "x" = "\n \n\t\n# x\n"

(* the blanks of a blank line are kept; a new one is "\n" *)
test lns put " \t\n# x\n" after set "#comment" "y" = " \t\n# y\n"
test lns put "# x\n" after clear "#comment[2]" ; clear "#comment[3]" ;
  set "#comment[2]" "y" = "# x\n# y\n#\n"

(* not inetd lines *)
test lns get "#<off># not a service\n" = *
test lns get "telnet stream tcp\n" = *
test lns get "telnet stream unix nowait root internal\n" = *
(* last line without newline: not supported *)
test lns get "time stream tcp nowait root internal" = *

(* the written-out regexps: every prefix of "<off>#" is a comment, "#<off>#"
   is not; only the word "unix" itself is refused as a protocol *)
test lns get "#<\n#<o\n#<of x\n#<off\t \tx\n#<off>\n#<off>x\n#<x\n" =
  { "#comment" = "<" } { "#comment" = "<o" } { "#comment" = "<of x" }
  { "#comment" = "<off\t \tx" } { "#comment" = "<off>" }
  { "#comment" = "<off>x" } { "#comment" = "<x" }
test lns get "#<off>#\n" = *
test lns get "a stream u nowait root x\nb stream uni nowait root x\nc stream unixx nowait root x\n" =
  { "service" = "a" { "socket" = "stream" } { "protocol" = "u" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "x" } }
  { "service" = "b" { "socket" = "stream" } { "protocol" = "uni" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "x" } }
  { "service" = "c" { "socket" = "stream" } { "protocol" = "unixx" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "x" } }

(* Group: Debian's default /etc/inetd.conf (openbsd-inetd) *)

let debian = "# /etc/inetd.conf:  see inetd(8) for further informations.
#
# Internet superserver configuration database
#
#
# Lines starting with \"#:LABEL:\" or \"#<off>#\" should not
# be changed unless you know what you are doing!
#
# <service_name> <sock_type> <proto> <flags> <user> <server_path> <args>
#
#:INTERNAL: Internal services
#discard\t\tstream\ttcp\tnowait\troot\tinternal
#time\t\tstream\ttcp\tnowait\troot\tinternal

#:STANDARD: These are standard services.
#<off># telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/in.telnetd

#:BSD: Shell, login, exec and talk are BSD protocols.
#<off># talk\t\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd
ntalk\t\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.ntalkd\tin.ntalkd

#:OTHER: Other services
"

test lns get debian =
  { "#comment" = "/etc/inetd.conf:  see inetd(8) for further informations." }
  { "#comment" }
  { "#comment" = "Internet superserver configuration database" }
  { "#comment" }
  { "#comment" }
  { "#comment" = "Lines starting with \"#:LABEL:\" or \"#<off>#\" should not" }
  { "#comment" = "be changed unless you know what you are doing!" }
  { "#comment" }
  { "#comment" = "<service_name> <sock_type> <proto> <flags> <user> <server_path> <args>" }
  { "#comment" }
  { "#comment" = ":INTERNAL: Internal services" }
  { "#comment" = "discard\t\tstream\ttcp\tnowait\troot\tinternal" }
  { "#comment" = "time\t\tstream\ttcp\tnowait\troot\tinternal" }
  { }
  { "#comment" = ":STANDARD: These are standard services." }
  { "service" = "telnet"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "/usr/sbin/in.telnetd" } }
    { "disabled" } }
  { }
  { "#comment" = ":BSD: Shell, login, exec and talk are BSD protocols." }
  { "service" = "talk"
    { "socket" = "dgram" } { "protocol" = "udp" } { "wait" = "wait" }
    { "user" = "nobody" } { "group" = "tty" }
    { "command" = "/usr/sbin/in.talkd" }
    { "arguments" { "1" = "in.talkd" } }
    { "disabled" } }
  { "service" = "ntalk"
    { "socket" = "dgram" } { "protocol" = "udp" } { "wait" = "wait" }
    { "user" = "nobody" } { "group" = "tty" }
    { "command" = "/usr/sbin/in.ntalkd" }
    { "arguments" { "1" = "in.ntalkd" } } }
  { }
  { "#comment" = ":OTHER: Other services" }

(* Group: the seed's inetd.conf (Red Hat style header, as quoted) *)

let seed = "#
# inetd.conf\tThis file describes the services that will be available
#\t\tthrough the INETD TCP/IP super server.
#
#echo\tstream\ttcp\tnowait\troot\tinternal
#chargen\tdgram\tudp\twait\troot\tinternal
time\tstream\ttcp\tnowait\troot\tinternal
#
# These are standard services.
#
#ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
#telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.telnetd
#
# Pop and imap mail services et al
#
pop-3\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tipop3d
#imap\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\timapd
#uucp\tstream\ttcp\tnowait\tuucp\t/usr/sbin/tcpd\t/usr/lib/uucp/uucico\t-l
"

test lns get seed =
  { "#comment" }
  { "#comment" = "inetd.conf\tThis file describes the services that will be available" }
  { "#comment" = "through the INETD TCP/IP super server." }
  { "#comment" }
  { "#comment" = "echo\tstream\ttcp\tnowait\troot\tinternal" }
  { "#comment" = "chargen\tdgram\tudp\twait\troot\tinternal" }
  { "service" = "time"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "internal" } }
  { "#comment" }
  { "#comment" = "These are standard services." }
  { "#comment" }
  { "#comment" = "ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a" }
  { "#comment" = "telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.telnetd" }
  { "#comment" }
  { "#comment" = "Pop and imap mail services et al" }
  { "#comment" }
  { "service" = "pop-3"
    { "socket" = "stream" } { "protocol" = "tcp" } { "wait" = "nowait" }
    { "user" = "root" } { "command" = "/usr/sbin/tcpd" }
    { "arguments" { "1" = "ipop3d" } } }
  { "#comment" = "imap\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\timapd" }
  { "#comment" = "uucp\tstream\ttcp\tnowait\tuucp\t/usr/sbin/tcpd\t/usr/lib/uucp/uucico\t-l" }

(* Group: put, disable and enable change exactly one line (issue #450) *)

let conf = "# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* round trip *)
test lns put conf after set "service[1]/user" "root" = conf

(* disable the 2nd of 5 services *)
test lns put conf after set "service[2]/disabled" "" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
#<off># telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

test lns put conf after clear "service[2]/disabled" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
#<off># telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* an entry with a continuation line: its first line only; the blank line before stays *)
test lns put conf after set "service[3]/disabled" "" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

#<off># time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* enable: the prefix and its blanks go, nothing else *)
test lns put conf after rm "service[4]/disabled" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* trailing comment and trailing blanks survive *)
test lns put conf after set "service[5]/disabled" "" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

#<off># finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* several at once; no-ops on lines already in that state *)
test lns put conf after
    set "service[1]/disabled" "" ;
    rm "service[2]/disabled" ;
    set "service[4]/disabled" "" ;
    rm "service[4]/disabled"
  =
"# inetd.conf
#:STANDARD: These are standard services.
#<off># ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* blank lines at the start, in the middle and at the end: disabling the
   services right after them changes their lines only *)
let spaced = "\n \t\nftp stream tcp nowait root internal\n\n\ntime\tstream tcp nowait root internal\n#<off># echo stream tcp nowait root internal\n\n  \n"

test lns put spaced after set "service[1]/disabled" "" ; set "service[2]/disabled" "" ;
                          rm "service[3]/disabled" =
  "\n \t\n#<off># ftp stream tcp nowait root internal\n\n\n#<off># time\tstream tcp nowait root internal\necho stream tcp nowait root internal\n\n  \n"

test lns put spaced after set "service[1]/user" "nobody" =
  "\n \t\nftp stream tcp nowait nobody internal\n\n\ntime\tstream tcp nowait root internal\n#<off># echo stream tcp nowait root internal\n\n  \n"

(* blanks between arguments, address and version survive too *)
test lns put "127.0.0.1:rstatd/1-3\tdgram rpc/udp wait.10 root:wheel /bin/cat cat\t-a   -b\n"
  after set "service/disabled" "" =
  "#<off># 127.0.0.1:rstatd/1-3\tdgram rpc/udp wait.10 root:wheel /bin/cat cat\t-a   -b\n"

(* a tab after the prefix *)
test lns put "#<off>#\t telnet stream tcp nowait root internal\n"
  after rm "service/disabled" = "telnet stream tcp nowait root internal\n"

(* disable then enable again gives the file back *)
test lns put "a stream tcp nowait root internal\nb\tstream\ttcp\tnowait\troot\tinternal\n"
  after set "service[2]/disabled" "" ; rm "service[2]/disabled" =
  "a stream tcp nowait root internal\nb\tstream\ttcp\tnowait\troot\tinternal\n"

(* other edits keep the blanks of the line too *)
test lns put conf after set "service[1]/arguments/2" "-L" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -L -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

finger  stream tcp nowait nobody /usr/sbin/tcpd in.fingerd -w # keep for now \t
#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* new max and group: inserted in their place ("set" would append them
   after "command", and put fails) *)
test lns put "ftp stream tcp nowait root internal\n" after set "service/max" "100" = *

test lns put "ftp\tstream\ttcp\tnowait\troot\tinternal\n"
  after insa "max" "service/wait" ; set "service/max" "100" ;
        insa "group" "service/user" ; set "service/group" "wheel" =
  "ftp\tstream\ttcp\tnowait.100\troot:wheel\tinternal\n"

(* "disabled" takes no value *)
test lns put conf after set "service[2]/disabled" "yes" = *

(* Group: put, removing a whole service *)

(* the last service: only its line goes, the blank line before it stays *)
test lns put conf after rm "service[5]" =
"# inetd.conf
#:STANDARD: These are standard services.
ftp\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\tin.ftpd -l -a
telnet\tstream  tcp\tnowait root /usr/sbin/tcpd in.telnetd

time   stream tcp
   nowait root internal
#<off>#  talk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd

#telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd

"

(* a middle service, later service lines formatted like the earlier ones *)
let same = "# services
echo stream tcp nowait root internal
discard stream tcp nowait root internal
#<off># daytime stream tcp nowait root internal
time stream tcp nowait root internal
# end
"

test lns put same after rm "service[2]" =
"# services
echo stream tcp nowait root internal
#<off># daytime stream tcp nowait root internal
time stream tcp nowait root internal
# end
"

(* Known limit of Augeas (the skeleton of a node is found by its label, in
   order): after removing service[1], service[2] is written with the blanks
   of the removed line. Disable instead of removing. *)
test lns put "a\tstream\ttcp\tnowait\troot\tinternal\nb  stream tcp nowait root internal\n"
  after rm "service[1]" = "b\tstream\ttcp\tnowait\troot\tinternal\n"

(* Group: put, new nodes *)

test lns put "" after
    set "service/socket" "stream" ;
    set "service/protocol" "tcp" ;
    set "service/wait" "nowait" ;
    set "service/user" "root" ;
    set "service/command" "internal" ;
    set "service" "time" ;
    set "service/disabled" "" ;
    set "#comment" "new"
  = "#<off># time stream tcp nowait root internal\n# new\n"

test lns put "# x\n" after set "#comment[2]" "<off># y" = "# x\n# <off># y\n"

(* services: the entries deafen flags, alone, a continuation line kept *)
test Deafen_inetd.services put "telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd\n#<off># ftp\tstream tcp nowait root /usr/sbin/tcpd in.ftpd\n" after
  set "service[1]/disabled" "";
  rm "service[2]/disabled" =
"#<off># telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd\nftp\tstream tcp nowait root /usr/sbin/tcpd in.ftpd\n"
