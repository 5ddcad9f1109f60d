#! /bin/sh
### BEGIN INIT INFO
# Provides:          keyboard-setup.sh
# Required-Start:    mountkernfs
# Required-Stop:
# X-Start-Before:    checkroot
# Default-Start:     S
# Default-Stop:
# X-Interactive:     true
# Short-Description: Set the console keyboard layout
# Description:       Set the console keyboard as early as possible
### END INIT INFO

. /lib/lsb/init-functions

case "$1" in
  start|restart|force-reload)
	setupcon -k || true
	;;
  stop)
	# No-op
	;;
  status)
	exit 0
	;;
  *)
	echo "Usage: /etc/init.d/keyboard-setup.sh {start|stop|restart|force-reload}" >&2
	exit 3
	;;
esac

exit 0
