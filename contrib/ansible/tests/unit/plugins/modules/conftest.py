# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# The unit tests' stand-in for deafen: run_command answers from a table of
# JSON documents per deafen command, and remembers every command line.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


def command_at(cmd):
    """Where the deafen command starts in CMD: after the global options."""
    i = 1
    while cmd[i] in ('--root', '--format', '--style', '--backup-dir'):
        i += 2
    return i


class FakeDeafen(object):
    """run_command of a module: ANSWERS maps a deafen command (apply, plan,
    'plan --enable', enable, rollback, backups, verify, list, scan) to
    (rc, document, stderr), or to a function of the command line that returns it."""

    def __init__(self):
        self.answers = {}
        self.commands = []

    def __call__(self, cmd, *args, **kwargs):
        self.commands.append(cmd)
        command = cmd[command_at(cmd)]
        if command == 'plan' and '--enable' in cmd:
            command = 'plan --enable'
        if command not in self.answers:
            raise AssertionError('deafen %s was not expected: %s' % (command, cmd))
        answer = self.answers[command]
        if callable(answer):
            answer = answer(cmd)
        rc, doc, err = answer
        return rc, json.dumps(doc), err

    def ran(self, command):
        """The command lines of deafen COMMAND run so far."""
        out = []
        for cmd in self.commands:
            i = command_at(cmd)
            if cmd[i] == command:
                out.append(cmd[i:])
        return out


@pytest.fixture
def deafen(monkeypatch):
    """The fake deafen; set_args(dict) gives the module its arguments, and
    run(main) returns what the module exited with (failed: True on fail_json)."""
    fake = FakeDeafen()

    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, **kwargs):
        kwargs['failed'] = True
        raise FailJson(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda self, cmd, **kw: fake(cmd))

    def set_args(args):
        args = dict(args)
        args.setdefault('binary', '/usr/local/bin/deafen')
        monkeypatch.setattr(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args})))

    def run(main):
        try:
            main()
        except ExitJson as e:
            return e.args[0]
        except FailJson as e:
            return e.args[0]
        raise AssertionError('the module did not exit')

    fake.set_args = set_args
    fake.run = run
    return fake
