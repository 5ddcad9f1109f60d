# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# What the deafen and deafen_info modules share: running the deafen binary
# with --format json, reading its document, and failing the task with
# deafen's own message and exit status.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

# README "Exit status"
EXIT_STILL_OPEN = 4   # apply: a port still open; rollback: a listener not back; verify: drift

# the options every module of the collection takes
COMMON_ARGS = dict(
    root=dict(type='path', default='/'),
    binary=dict(type='path'),
    style=dict(type='str', default='auto', choices=['auto', 'debian', 'debian-legacy', 'redhat']),
    backup_dir=dict(type='path'),
)


def message(err, rc, data=None):
    """deafen's own message: the "error" member of its JSON error document,
    else the last 'deafen: ' line of its stderr (main prints the fatal error
    last, after any notes; a valgrind prefix writes other lines)."""
    if isinstance(data, dict) and isinstance(data.get('error'), str):
        text = data['error']
        return text if text.startswith('deafen: ') else 'deafen: ' + text
    lines = [line for line in (err or '').splitlines() if line.startswith('deafen: ')]
    if lines:
        return lines[-1]
    return 'deafen exited with status %d' % rc


def parse(out):
    """The JSON object deafen printed, or None."""
    try:
        data = json.loads(out)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


class Deafen(object):
    """One deafen binary on the managed host, pointed at one root."""

    def __init__(self, module):
        self.module = module
        p = module.params
        if p.get('binary'):
            self.binary = p['binary']
        else:
            self.binary = module.get_bin_path('deafen', required=True)
        self.base = [self.binary, '--root', p['root'], '--format', 'json']
        if p.get('style') and p['style'] != 'auto':
            self.base += ['--style', p['style']]
        if p.get('backup_dir'):
            self.base += ['--backup-dir', p['backup_dir']]
        self.last_cmd = None
        self.commands = []

    def run(self, args, ok=(0,)):
        """Runs deafen ARGS; returns (rc, its JSON object, stderr). Fails the
        task on an exit status not in OK, or when no JSON object came."""
        cmd = self.base + list(args)
        self.last_cmd = cmd
        self.commands.append(cmd)
        rc, out, err = self.module.run_command(cmd)
        data = parse(out)
        if rc not in ok:
            self.module.fail_json(msg=message(err, rc, data), rc=rc, cmd=cmd,
                                  stdout=out, stderr=err)
        if data is None:
            self.module.fail_json(msg='deafen printed no JSON object', rc=rc, cmd=cmd,
                                  stdout=out, stderr=err)
        return rc, data, err
