# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# The options every module of the collection takes (module_utils/deafen.py's
# COMMON_ARGS): which deafen, on which root, with which backups.

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  root:
    description:
      - The root directory of the system to work on (C(deafen --root)).
      - Anything other than C(/) is an offline system, where deafen reloads and stops only the
        daemons that read that root's configuration.
    type: path
    default: /
  style:
    description:
      - How init script links are turned off and read (C(deafen --style)); C(auto) is C(redhat) for
        an C(/etc/rc.d) layout or chkconfig headers, else C(debian).
    type: str
    choices: [auto, debian, debian-legacy, redhat]
    default: auto
  backup_dir:
    description:
      - Where backups are kept (C(deafen --backup-dir)); C(ROOT/var/backups/deafen) when left out.
    type: path
  binary:
    description:
      - The deafen binary on the managed host; looked up in C(PATH) when left out.
    type: path
requirements:
  - deafen on the managed host (C(make install))
'''
