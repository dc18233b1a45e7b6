package io.pitcrew.server.api;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * Where serve listens ({@code --bind}, {@code --port}), bound here rather than by Jetty so that each way it can fail
 * is told apart and said in one line: an address that is not this machine's, a port in use, a port that needs
 * privileges. (Jetty calls all of them "Port already in use", and Javalin logs a stack trace first.) The bound channel
 * is handed to Jetty's connector, so nothing can take the port in between.
 */
final class ListenAddress {

    private ListenAddress() {}

    /** A channel bound to {@code host:port}, or an {@link IllegalArgumentException} saying why not and what to do. */
    static ServerSocketChannel bind(String host, int port) {
        InetAddress address = local(host);
        String where = (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            // a serve restarted at once may bind over its predecessor's connections in TIME_WAIT (never over a listener)
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(address, port));
            return channel;
        } catch (BindException e) {
            close(channel);
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                throw new IllegalArgumentException("cannot listen on " + where + ": ports below 1024 need privileges: choose --port 1024 or above");
            }
            throw new IllegalArgumentException(where + " is in use (another pitcrew serve?): choose another --port, or stop what listens there");
        } catch (IOException e) {
            close(channel);
            throw new IllegalArgumentException("cannot listen on " + where + ": " + e.getMessage());
        }
    }

    /** The address {@code host} names, if it is one of this machine's (or the wildcard, every interface). */
    private static InetAddress local(String host) {
        String notHere = "--bind " + host + ": not an address of this machine: give one of its addresses or host names "
                + "(127.0.0.1 for this machine only, 0.0.0.0 for every interface)";
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(notHere + "; '" + host + "' is neither an IP address nor a host name that resolves");
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) return address;
        try {
            if (NetworkInterface.getByInetAddress(address) != null) return address;
        } catch (SocketException e) {
            // the interfaces cannot be listed: let the bind say whether the address is ours
            return address;
        }
        throw new IllegalArgumentException(notHere + (host.equals(address.getHostAddress()) ? "" : "; it resolves to " + address.getHostAddress()));
    }

    private static void close(ServerSocketChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // it never listened
        }
    }
}
