using System.Net;
using System.Net.Sockets;
using FirewallGateway.Snmp;

namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// Thousands of mutated SNMP packets (bit flips, truncations, insertions, bad lengths, garbage) built from valid
/// v2c and v3 traps, informs and a discovery probe: the gateway counts them and still serves real traps after.
/// The mutations come from a fixed seed, so a failure can be replayed.
/// </summary>
[Collection(SnmpTrapTests.Name)]
public sealed class SnmpTrapFuzzTests
{
    private const int Packets = 3000;
    private readonly SnmpTrapGateway _snmp;

    public SnmpTrapFuzzTests(SnmpTrapGateway snmp)
    {
        _snmp = snmp;
    }

    [Fact]
    public async Task MutatedPackets_AreCounted_AndRealTrapsStillBanAfterwards()
    {
        long malformedBefore = await _snmp.RejectsAsync("malformed");
        byte[][] seeds = Seeds();
        var random = new Random(21);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, _snmp.Port);

        for (int i = 0; i < Packets; i++)
        {
            await socket.SendToAsync(Mutate(seeds[random.Next(seeds.Length)], random), SocketFlags.None, target);
            if (i % 200 == 199)
            {
                // Lets the receiver drain its socket buffer, so most mutations are really processed, not dropped by the kernel.
                await Task.Delay(20);
            }
        }

        await _snmp.WaitForRejectsAsync("malformed", malformedBefore + 100);
        for (int i = 0; i < 3; i++)
        {
            (await _snmp.Tools.TrapV2cAsync(SnmpTrapGateway.Community, SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.44.1")).EnsureSuccess("snmptrap");
        }

        await _snmp.WaitForDecisionAsync("1.0.44.1");
        var inform = await _snmp.Tools.InformV3Async(SnmpTrapGateway.InformUser, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.44.2");
        inform.EnsureSuccess("snmpinform -v 3 after the fuzzing");
    }

    private static byte[][] Seeds()
    {
        IReadOnlyList<VarBind> varBinds =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(4200)),
            new(Oid.Parse("1.3.6.1.6.3.1.1.4.1.0"), SnmpValue.ObjectIdentifier(Oid.Parse(SnmpTrapGateway.AttackTrap))),
            new(Oid.Parse(SnmpTrapGateway.AttackAddress), SnmpValue.OctetString("1.0.44.9")),
        ];
        byte[] engine = Convert.FromHexString(SnmpTrapGateway.SenderEngineId[2..]);
        var user = new UsmUser(SnmpTrapGateway.TrapUser.Name, AuthProtocol.Sha1, SnmpTrapGateway.TrapUser.AuthPassword, PrivProtocol.Aes128, SnmpTrapGateway.TrapUser.PrivPassword);
        var trap = new Pdu(PduType.SNMPv2Trap, 7, 0, 0, varBinds);
        return
        [
            SnmpCodec.EncodeV2c(new SnmpV2cMessage(SnmpTrapGateway.Community, trap)),
            SnmpCodec.EncodeV2c(new SnmpV2cMessage(SnmpTrapGateway.Community, trap with { Type = PduType.InformRequest })),
            SnmpCodec.EncodeV3(
                new SnmpV3Message(11, SnmpV3Message.DefaultMaxSize, SnmpV3Flags.AuthPriv, UsmSecurityParameters.For(engine, 1, 100, user.Name), new ScopedPdu(engine, trap)),
                Usm.LocalizeKeys(user, engine)),
            SnmpCodec.EncodeV3(
                new SnmpV3Message(12, SnmpV3Message.DefaultMaxSize, SnmpV3Flags.Reportable, UsmSecurityParameters.Discovery, new ScopedPdu(ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 13, 0, 0, [])))),
        ];
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] packet = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                // A few flipped bits anywhere.
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                }

                return packet;
            case 1:
                return packet[..random.Next(packet.Length)];
            case 2:
                int at = random.Next(packet.Length);
                byte[] inserted = new byte[random.Next(1, 16)];
                random.NextBytes(inserted);
                return [.. packet[..at], .. inserted, .. packet[at..]];
            case 3:
                // A length byte made huge or indefinite (0x80) or multi-byte (0x84 ...).
                packet[random.Next(1, Math.Min(packet.Length, 40))] = (byte)(random.Next(2) == 0 ? 0x84 : 0x80 | random.Next(0x7F));
                return packet;
            case 4:
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
                return packet;
            default:
                byte[] garbage = new byte[random.Next(1, 600)];
                random.NextBytes(garbage);
                garbage[0] = 0x30;
                return garbage;
        }
    }
}
