package dev.berth.runtime;

import java.util.List;

/**
 * {@code --dns}, {@code --dns-search} and {@code --dns-option}: what of a container's
 * {@code /etc/resolv.conf} they replace, as Docker writes it
 * (<a href="https://docs.docker.com/engine/network/#dns-services">DNS services</a>). Each given
 * list replaces the host's nameservers, search domains or options, the rest stays the host's;
 * a search of {@code "."} alone leaves no search line.
 *
 * @param nameservers {@code --dns} addresses
 * @param search {@code --dns-search} domains
 * @param options {@code --dns-option} options
 */
public record DnsOverrides(List<String> nameservers, List<String> search, List<String> options) {
    public DnsOverrides {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
        options = List.copyOf(options);
        nameservers.forEach(DnsOverrides::checkNameserver);
    }

    /** Whether any is given. */
    public boolean any() {
        return !nameservers.isEmpty() || !search.isEmpty() || !options.isEmpty();
    }

    /** {@code resolvConf} (as the container's network wrote it) with these in place of its own. */
    public String apply(String resolvConf) {
        return ResolvConf.parse(resolvConf).overridden(nameservers, search.equals(List.of(".")) ? List.of() : search,
                !search.isEmpty(), options).text();
    }

    /** Checks a nameserver with Docker's message ({@code 1.2.3 is not an ip address}). */
    public static String checkNameserver(String address) {
        if (IpLiteral.parse(address) == null) {
            throw new IllegalArgumentException(address + " is not an ip address");
        }
        return address;
    }

    /** A search domain or option: one word, as resolv.conf reads it. */
    public static String checkWord(String word, String what) {
        if (word.isEmpty() || word.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(what + " \"" + word + "\" is empty or has blanks");
        }
        return word;
    }
}
