using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.Receivers.Common;

/// <summary>A listener's socket, bound, for the syslog and SNMP trap receivers.</summary>
internal static class ListenSocket
{
    /// <summary>
    /// A socket bound to <paramref name="bind"/>; <c>::</c> also takes IPv4 (dual mode). <paramref name="beforeBind"/>
    /// sets options, <paramref name="afterBind"/> starts listening. On any failure the socket is disposed and the
    /// exception (a port in use, an address not on this host) goes to the caller, who names the setting.
    /// </summary>
    public static Socket Bind(IPEndPoint bind, SocketType type, ProtocolType protocol, Action<Socket>? beforeBind = null, Action<Socket>? afterBind = null)
    {
        var socket = new Socket(bind.AddressFamily, type, protocol);
        try
        {
            if (bind.AddressFamily == AddressFamily.InterNetworkV6 && bind.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            beforeBind?.Invoke(socket);
            socket.Bind(bind);
            afterBind?.Invoke(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
