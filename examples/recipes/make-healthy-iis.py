#!/usr/bin/env python3
"""Writes examples/healthy/iis/: the applicationHost.config that NDES setup wrote on a real Server 2022
(test/fixtures/real/iis/ndes-manual-ws2022-applicationHost.config, bytes kept) with only the two
changes Microsoft's NDES/Intune steps make to it, and the site web.config IIS Manager writes for the
documented request-filtering change. Run from the repository root: python3 examples/recipes/make-healthy-iis.py
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / 'test/fixtures/real/iis/ndes-manual-ws2022-applicationHost.config'
OUT = ROOT / 'examples/healthy/iis'


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f'expected exactly one {old!r}'
    return text.replace(old, new)


text = SOURCE.read_bytes().decode('utf-8')
# NDES setup, "Service Account for NDES": a domain user is the SCEP pool identity (Intune: "NDES service
# account"). IIS stores the password encrypted; the collector masks it as "***" before it leaves the server.
text = replace_once(
    text,
    '<add name="SCEP" managedPipelineMode="Classic">\n                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:00:00" />',
    '<add name="SCEP" managedPipelineMode="Classic">\n                <processModel identityType="SpecificUser" userName="CONTOSO\\svc-ndes" password="***" idleTimeout="00:00:00" />',
)
# Intune: "bind the server authentication certificate" in IIS Manager, Default Web Site > Bindings > Add, https, port 443.
text = replace_once(
    text,
    '                    <binding protocol="http" bindingInformation="*:80:" />\n',
    '                    <binding protocol="http" bindingInformation="*:80:" />\n'
    '                    <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />\n',
)
OUT.mkdir(parents=True, exist_ok=True)
(OUT / 'applicationHost.config').write_bytes(text.encode('utf-8'))

# Intune: Default Web Site > Request Filtering > Edit Feature Settings > maximum URL length and maximum
# query string 65534. requestFiltering is delegated (overrideModeDefault="Allow"), so IIS Manager writes
# the site's web.config (%SystemDrive%\inetpub\wwwroot\web.config): UTF-8, CRLF, four-space indent.
web_config = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n'
    '<configuration>\r\n'
    '    <system.webServer>\r\n'
    '        <security>\r\n'
    '            <requestFiltering>\r\n'
    '                <requestLimits maxUrl="65534" maxQueryString="65534" />\r\n'
    '            </requestFiltering>\r\n'
    '        </security>\r\n'
    '    </system.webServer>\r\n'
    '</configuration>\r\n'
)
(OUT / 'webconfig/site-root').mkdir(parents=True, exist_ok=True)
(OUT / 'webconfig/site-root/web.config').write_bytes(web_config.encode('utf-8'))
