using FirewallGateway.Adapters.RouterOs.Api;

namespace FirewallGateway.Adapters.RouterOs.Tests.Api;

public sealed class WordLengthTests
{
    /// <summary>The vectors of PROTOCOLS.md 1.2: every boundary of every prefix size.</summary>
    public static TheoryData<uint, string> Vectors => new()
    {
        { 0x0, "00" },
        { 0x7F, "7F" },
        { 0x80, "8080" },
        { 0x87, "8087" },
        { 0x3FFF, "BFFF" },
        { 0x4000, "C04000" },
        { 0x4321, "C04321" },
        { 0x1FFFFF, "DFFFFF" },
        { 0x200000, "E0200000" },
        { 0x2ACDEF, "E02ACDEF" },
        { 0xFFFFFFF, "EFFFFFFF" },
        { 0x10000000, "F010000000" },
        { 0xFFFFFFFF, "F0FFFFFFFF" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encode_Boundary_MatchesVector(uint length, string hex)
    {
        Span<byte> buffer = stackalloc byte[5];
        int size = WordLength.Encode(length, buffer);
        Assert.Equal(hex, Convert.ToHexString(buffer[..size]));
        Assert.Equal(size, WordLength.SizeOf(length));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryDecode_Vector_GivesLengthAndSize(uint length, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex + "AA"); // a following byte must not be consumed
        Assert.Equal(WordLengthStatus.Complete, WordLength.TryDecode(bytes, out uint decoded, out int prefix));
        Assert.Equal(length, decoded);
        Assert.Equal(hex.Length / 2, prefix);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryDecode_TruncatedPrefix_NeedsMoreData(uint length, string hex)
    {
        _ = length;
        byte[] bytes = Convert.FromHexString(hex);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(WordLengthStatus.NeedMoreData, WordLength.TryDecode(bytes.AsSpan(0, cut), out _, out _));
        }
    }

    [Theory]
    [InlineData(0xF8)]
    [InlineData(0xFC)]
    [InlineData(0xFF)]
    public void TryDecode_ReservedControlByte_IsControlByte(byte first)
    {
        Assert.Equal(WordLengthStatus.ControlByte, WordLength.TryDecode([first, 0, 0, 0, 0], out _, out _));
    }

    [Theory]
    [InlineData(0xF1)]
    [InlineData(0xF7)]
    public void TryDecode_UndefinedMarker_IsInvalid(byte first)
    {
        Assert.Equal(WordLengthStatus.Invalid, WordLength.TryDecode([first, 0, 0, 0, 0], out _, out _));
    }

    [Fact]
    public void EncodeDecode_EveryLengthAroundEachBoundary_RoundTrips()
    {
        Span<byte> buffer = stackalloc byte[5];
        foreach (uint boundary in new uint[] { 0x80, 0x4000, 0x200000, 0x10000000 })
        {
            for (uint length = boundary - 3; length <= boundary + 3; length++)
            {
                int size = WordLength.Encode(length, buffer);
                Assert.Equal(WordLengthStatus.Complete, WordLength.TryDecode(buffer[..size], out uint decoded, out int used));
                Assert.Equal((length, size), (decoded, used));
            }
        }
    }
}
