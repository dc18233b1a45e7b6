package io.pitcrew.lab;

import io.pitcrew.lab.LabDns.Answer;
import io.pitcrew.observe.dns.DnsAnswer;
import io.pitcrew.observe.dns.DnsOutcome;
import io.pitcrew.observe.dns.DnsProbe;
import io.pitcrew.observe.dns.DomainAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** LabDns answered over real UDP and TCP on loopback, read by pitcrew's own probe. */
class LabDnsTest {

    private static final String ELB = "coder-east-1234.elb.us-east-2.amazonaws.com";

    private LabDns dns;
    private DnsProbe probe;

    @BeforeEach
    void start() {
        dns = LabDns.start();
        probe = DnsProbe.of(Optional.of(dns.server()), Duration.ofSeconds(2));
        dns.set("ai.coder.com.", new Answer.Address("10.0.0.5"));
        dns.setWildcard("*.ai.coder.com", new Answer.Address("10.0.0.5"));
        dns.set("oregon-proxy.ai.coder.com", new Answer.Address("10.0.1.5"));
        dns.setWildcard("*.oregon-proxy.ai.coder.com", new Answer.Address("10.0.1.5"));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void servesOnLoopback() {
        assertThat(dns.server()).isEqualTo("127.0.0.1:" + dns.port());
        assertThat(dns.port()).isPositive();
    }

    @Test
    void apexAndWildcardResolve() {
        DomainAnswers east = probe.probe("ai.coder.com");
        assertThat(east.apex().outcome()).isInstanceOf(DnsOutcome.Resolved.class);
        assertThat(east.apex().addresses()).containsExactly("10.0.0.5");
        assertThat(east.wildcard().name()).isEqualTo("pitcrew-probe.ai.coder.com");
        assertThat(east.wildcard().outcome()).isInstanceOf(DnsOutcome.Resolved.class);
        assertThat(east.wildcard().addresses()).containsExactly("10.0.0.5");
    }

    @Test
    void theMoreSpecificWildcardWins() {
        DomainAnswers oregon = probe.probe("oregon-proxy.ai.coder.com");
        assertThat(oregon.apex().addresses()).containsExactly("10.0.1.5");
        assertThat(oregon.wildcard().addresses()).containsExactly("10.0.1.5");
        assertThat(probe.resolve("a.b.oregon-proxy.ai.coder.com").addresses()).containsExactly("10.0.1.5");
        assertThat(probe.resolve("test-workspace.ai.coder.com").addresses()).containsExactly("10.0.0.5");
        // an exact name beats every wildcard above it
        dns.set("special.oregon-proxy.ai.coder.com", new Answer.Address("10.0.9.9"));
        assertThat(probe.resolve("special.oregon-proxy.ai.coder.com").addresses()).containsExactly("10.0.9.9");
    }

    @Test
    void aCnameToTheLoadBalancerComesBackWithTheChainAndAddresses() throws Exception {
        dns.set("ai.coder.com", new Answer.Cname(ELB));
        dns.set(ELB, new Answer.Address("10.9.0.1", "10.9.0.2"));

        DnsAnswer chained = probe.resolve("ai.coder.com");
        assertThat(chained.cnames()).containsExactly(ELB);
        assertThat(chained.addresses()).containsExactly("10.9.0.1", "10.9.0.2");
        assertThat(chained.outcome()).isInstanceOf(DnsOutcome.Resolved.class);

        // in one answer, as an authoritative server chases inside its zone
        Message response = ask("ai.coder.com.", Type.A, false);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        List<Record> answer = response.getSection(Section.ANSWER);
        assertThat(answer).extracting(Record::getType).containsExactly(Type.CNAME, Type.A, Type.A);
        assertThat(answer).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(60));
    }

    @Test
    void aCnameOutOfTheZoneIsOnlyTheCname() throws Exception {
        dns.set("dangling.coder.com", new Answer.Cname("lb-missing.elb.amazonaws.com"));
        Message response = ask("dangling.coder.com.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME);
    }

    @Test
    void aCnameToANameThatDoesNotExistIsNxDomainWithTheChain() throws Exception {
        dns.set("ai.coder.com", new Answer.Cname(ELB));
        dns.set(ELB, new Answer.NxDomain());
        Message response = ask("ai.coder.com.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME);

        DnsAnswer answer = probe.resolve("ai.coder.com");
        assertThat(answer.cnames()).containsExactly(ELB);
        assertThat(answer.outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
    }

    @Test
    void aWildcardCnameIsAnsweredForTheNameAsked() throws Exception {
        dns.setWildcard("ai.coder.com", new Answer.Cname(ELB));
        dns.set(ELB, new Answer.Address("10.9.0.1"));
        Message response = ask("ws-1.ai.coder.com.", Type.A, false);
        assertThat(response.getSection(Section.ANSWER).get(0).getName()).isEqualTo(Name.fromString("ws-1.ai.coder.com."));
        DnsAnswer answer = probe.resolve("ws-1.ai.coder.com");
        assertThat(answer.cnames()).containsExactly(ELB);
        assertThat(answer.addresses()).containsExactly("10.9.0.1");
    }

    @Test
    void unknownNamesAreNxDomain() throws Exception {
        DnsAnswer unknown = probe.resolve("nobody.example.com");
        assertThat(unknown.outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
        assertThat(unknown.addresses()).isEmpty();

        dns.set("gone.coder.com", new Answer.NxDomain());
        assertThat(probe.resolve("gone.coder.com").outcome()).isInstanceOf(DnsOutcome.NxDomain.class);

        Message response = ask("nobody.example.com.", Type.A, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void aaaaForAnAddressOnlyNameIsNoErrorWithoutRecords() throws Exception {
        Message response = ask("ai.coder.com.", Type.AAAA, false);
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void echoesTheIdAndQuestion() throws Exception {
        Record question = Record.newRecord(Name.fromString("Pitcrew-Probe.AI.coder.com."), Type.A, DClass.IN);
        Message query = Message.newQuery(question);
        Message response = resolver(false).send(query);
        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getQuestion()).isEqualTo(question);
        assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    }

    @Test
    void aSilentNameTimesOutWithinTheProbesTimeout() {
        dns.set("quiet.coder.com", new Answer.Silent());
        DnsProbe quick = DnsProbe.of(Optional.of(dns.server()), Duration.ofMillis(500));
        long started = System.nanoTime();
        DnsAnswer quiet = quick.resolve("quiet.coder.com");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(quiet.outcome()).isInstanceOf(DnsOutcome.Timeout.class);
        assertThat(took).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void anAnswerChangedAtRunTimeIsSeenByTheNextQuery() {
        assertThat(probe.resolve("ai.coder.com").addresses()).containsExactly("10.0.0.5");
        dns.set("ai.coder.com", new Answer.Address("10.0.0.77"));
        assertThat(probe.resolve("ai.coder.com").addresses()).containsExactly("10.0.0.77");
        dns.remove("*.ai.coder.com");
        assertThat(probe.resolve("x.ai.coder.com").outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
        dns.clear();
        assertThat(probe.resolve("ai.coder.com").outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
    }

    @Test
    void aBigAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 200; i++) many.add("10.1." + (i / 250) + "." + (i % 250));
        dns.set("big.coder.com", new Answer.Address(many));

        SimpleResolver udpOnly = resolver(false);
        udpOnly.setIgnoreTruncation(true);
        Message truncated = udpOnly.send(Message.newQuery(Record.newRecord(Name.fromString("big.coder.com."), Type.A, DClass.IN)));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();

        assertThat(ask("big.coder.com.", Type.A, true).getSection(Section.ANSWER)).hasSize(200);
        // the probe retries the truncated answer over TCP by itself
        assertThat(probe.resolve("big.coder.com").addresses()).hasSize(200);
    }

    @Test
    void closeFreesThePort() throws Exception {
        int port = dns.port();
        assertThat(probe.resolve("ai.coder.com").outcome()).isInstanceOf(DnsOutcome.Resolved.class);
        ask("ai.coder.com.", Type.A, true); // leaves a TCP connection open
        dns.close();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket();
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(loopback, port));
            assertThat(udp.getLocalPort()).isEqualTo(port);
        }
        dns.close(); // twice is harmless
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        return resolver(tcp).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private SimpleResolver resolver(boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port()));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }
}
