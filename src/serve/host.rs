//! Which `Host` headers `serve` answers. A web page the user opens elsewhere can point a name
//! of its own at 127.0.0.1 (DNS rebinding) and then read the preview as if it were its own
//! site; its requests carry that name in `Host`. So serve answers only requests addressed to
//! the address it listens on: `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` (and the
//! address given to `--bind`, with its port). Bound to every address (`--bind 0.0.0.0` or
//! `::`), it answers any name. A request without `Host` (HTTP/1.0, not a browser) is answered.

use std::net::IpAddr;

/// The `Host` values a server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Hosts {
    Any,
    /// Host names (lowercase, IPv6 in brackets) and the one port.
    Only {
        names: Vec<String>,
        port: u16,
    },
}

impl Hosts {
    /// The hosts of a server listening on `ip` port `port`.
    pub(super) fn for_address(ip: IpAddr, port: u16) -> Hosts {
        if ip.is_unspecified() {
            return Hosts::Any;
        }
        let mut names: Vec<String> = ["127.0.0.1", "localhost", "[::1]"].map(String::from).to_vec();
        let own = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        if !names.contains(&own) {
            names.push(own);
        }
        Hosts::Only { names, port }
    }

    /// True when a request with this `Host` header value (or none) is answered.
    pub(super) fn allows(&self, host: Option<&str>) -> bool {
        let Hosts::Only { names, port } = self else { return true };
        let Some(host) = host else { return true };
        let host = host.trim().to_ascii_lowercase();
        let (name, given) = match host.rfind(':') {
            // `[::1]` alone has colons only inside the brackets.
            Some(i) if !host[i..].contains(']') => (&host[..i], host[i + 1..].parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        given == Some(*port) && names.iter().any(|n| n == name)
    }

    /// Why a request was refused, and what to open instead (plain text).
    pub(super) fn refusal(&self, host: &str) -> String {
        let Hosts::Only { names, port } = self else { return String::new() };
        let listed: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        format!(
            "Forbidden: this preview answers only requests addressed to {}, not to `{}`, so that other \
             web sites cannot read it. Open http://127.0.0.1:{port}/ instead, or start serve with \
             --bind 0.0.0.0 to answer every address.\n",
            listed.join(", "),
            host.escape_debug()
        )
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    #[test]
    fn loopback_names_with_the_port_are_answered() {
        let hosts = Hosts::for_address(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111);
        for ok in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111", " localhost:1111 "] {
            assert!(hosts.allows(Some(ok)), "{ok}");
        }
        assert!(hosts.allows(None));
        for refused in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1",
            "127.0.0.1:2222",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "[::1]",
            "[::2]:1111",
            "127.0.0.1:1111@evil",
            "",
            ":1111",
        ] {
            assert!(!hosts.allows(Some(refused)), "{refused}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let hosts = Hosts::for_address(IpAddr::V4(Ipv4Addr::LOCALHOST), 80);
        assert!(hosts.allows(Some("localhost")));
        assert!(hosts.allows(Some("[::1]")));
        assert!(hosts.allows(Some("localhost:80")));
    }

    #[test]
    fn the_bound_address_is_answered_and_every_address_answers_anything() {
        let lan = Hosts::for_address("192.168.1.5".parse().expect("an address"), 8000);
        assert!(lan.allows(Some("192.168.1.5:8000")));
        assert!(!lan.allows(Some("preview.lan:8000")));
        let v6 = Hosts::for_address(IpAddr::V6(Ipv6Addr::LOCALHOST), 8000);
        assert!(v6.allows(Some("[::1]:8000")));
        assert_eq!(Hosts::for_address(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8000), Hosts::Any);
        assert_eq!(Hosts::for_address(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 8000), Hosts::Any);
        assert!(Hosts::Any.allows(Some("anything:1")));
    }

    #[test]
    fn the_refusal_says_what_to_open() {
        let text = Hosts::for_address(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111).refusal("evil:1111");
        assert!(text.contains("127.0.0.1:1111, localhost:1111, [::1]:1111"), "{text}");
        assert!(text.contains("`evil:1111`") && text.contains("http://127.0.0.1:1111/"), "{text}");
    }
}
