#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: deafen contributors
# deafen_info.py - what a host's configuration can start, what listens, and
# its backups, as deafen's JSON documents; changes nothing

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: deafen_info
short_description: The network services of a host and its listeners, from deafen
description:
  - Runs the C(deafen) binary installed on the managed host with C(--format json) and
    returns its documents as structured data, for conditionals and for C(deafen report).
  - C(list) - the inventory, every service the root's configuration can start (inetd,
    xinetd, init scripts, systemd units) with its state, verdict, ports and where it is
    started (C(deafen list)).
  - C(scan) - the live listening sockets with their programs and what starts them
    (C(deafen scan)).
  - C(backups) - the backups deafen keeps for the root and their state (C(deafen backups)).
  - Changes nothing, on the host or in its backups.
version_added: "1.0.0"
author:
  - deafen contributors (!UNKNOWN)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - deafen.hardening.deafen
attributes:
  check_mode:
    support: full
  diff_mode:
    support: N/A
  platform:
    platforms: posix
    details:
      - Linux hosts with deafen installed; C(scan) reads C(/proc).
options:
  gather:
    description:
      - Which documents to return.
    type: list
    elements: str
    choices: [list, scan, backups]
    default: [list, scan, backups]
  all:
    description:
      - C(list) every service, not only those that serve or may serve the network (C(deafen list --all)).
    type: bool
    default: false
seealso:
  - module: deafen.hardening.deafen
'''

EXAMPLES = r'''
- name: What the host runs
  deafen.hardening.deafen_info:
  register: host

- name: Say which dangerous services are enabled
  ansible.builtin.debug:
    msg: "{{ host.list.services | selectattr('verdict', 'equalto', 'dangerous')
             | selectattr('enabled') | map(attribute='name') | list }}"

- name: Keep the documents for deafen report on the controller
  ansible.builtin.copy:
    content: "{{ host.list | to_json }}"
    dest: "reports/{{ inventory_hostname }}.list.json"
    mode: "0644"
  delegate_to: localhost
'''

RETURN = r'''
list:
  description:
    - The document of C(deafen --format json list) - C(format_version), C(root) and C(services),
      each with C(name), C(kind), C(where), C(state), C(enabled), C(network), C(superserver),
      C(detail), C(verdict), C(program), C(ports) and C(sockets).
  returned: when list is gathered
  type: dict
  sample: {"format_version": 1, "root": "/", "services": [{"name": "telnet", "kind": "inetd",
           "enabled": true, "verdict": "dangerous", "ports": [{"port": 23, "proto": "tcp"}]}]}
scan:
  description:
    - The document of C(deafen --format json scan) - C(format_version) and C(listeners), each with
      C(port), C(proto), C(address), C(service), C(pids), C(program), C(verdict), C(where) and
      C(provenance).
  returned: when scan is gathered
  type: dict
  sample: {"format_version": 1, "listeners": [{"port": 22, "proto": "tcp", "address": "0.0.0.0",
           "service": "ssh", "program": "sshd", "verdict": "keep"}]}
backups:
  description:
    - The document of C(deafen --format json backups) - C(format_version) and C(backups), each with
      C(id), C(time), C(policy), C(files), C(links), C(state) and C(error).
  returned: when backups is gathered
  type: dict
  sample: {"format_version": 1, "backups": [{"id": "20261126T162606.366823Z",
           "policy": "--keep ssh", "state": "complete"}]}
cmd:
  description: The deafen commands run.
  returned: always
  type: list
  elements: list
  sample: [["/usr/local/bin/deafen", "--root", "/", "--format", "json", "list"]]
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.deafen.hardening.plugins.module_utils.deafen import COMMON_ARGS, Deafen


def main():
    argument_spec = dict(
        gather=dict(type='list', elements='str', choices=['list', 'scan', 'backups'],
                    default=['list', 'scan', 'backups']),
        all=dict(type='bool', default=False),
    )
    argument_spec.update(COMMON_ARGS)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    d = Deafen(module)
    result = dict(changed=False)
    gather = module.params['gather']
    for what in ('list', 'scan', 'backups'):
        if what in gather:
            args = [what] + (['--all'] if what == 'list' and module.params['all'] else [])
            result[what] = d.run(args)[1]
    module.exit_json(cmd=d.commands, **result)


if __name__ == '__main__':
    main()
