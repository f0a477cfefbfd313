using System.Text.Json;
using Detect.Masks;

namespace Detect.Runtime.Tests.Masks;

/// <summary>
/// The mask API against pycocotools.mask (tests/golden/coco/mask_api_expected.json): compressed RLE
/// strings, areas, boxes and IoUs must be bit-identical.
/// </summary>
public class MaskApiGoldenTests
{
    private static readonly JsonElement Expected = Golden.Json("coco", "mask_api_expected.json");
    private static readonly int H = Expected.GetProperty("height").GetInt32();
    private static readonly int W = Expected.GetProperty("width").GetInt32();

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static Rle Polygon(int i) => PolygonRasterizer.FromPolygon(Doubles(Expected.GetProperty("polygons")[i].GetProperty("polygon")), H, W);

    private static Rle Box(int i) => PolygonRasterizer.FromBbox(Doubles(Expected.GetProperty("boxes")[i].GetProperty("box")), H, W);

    /// <summary>The RLEs in the golden's order: polygons, then boxes.</summary>
    private static List<Rle> AllRles()
    {
        int np = Expected.GetProperty("polygons").GetArrayLength(), nb = Expected.GetProperty("boxes").GetArrayLength();
        return [.. Enumerable.Range(0, np).Select(Polygon), .. Enumerable.Range(0, nb).Select(Box)];
    }

    [Fact]
    public void PolygonsRasterizeToPycocotoolsRuns()
    {
        int i = 0;
        foreach (var e in Expected.GetProperty("polygons").EnumerateArray())
        {
            var rle = Polygon(i++);
            Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(rle));
            Assert.Equal(e.GetProperty("area").GetUInt32(), RleOps.Area(rle));
            Assert.Equal(Doubles(e.GetProperty("bbox")), RleOps.ToBbox(rle));
            var columns = e.GetProperty("decoded_sum_by_column").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var decoded = RleEncoding.DecodeRowMajor(rle);
            Assert.Equal(columns, Enumerable.Range(0, W).Select(x => Enumerable.Range(0, H).Sum(y => decoded[y * W + x])).ToArray());
        }
    }

    [Fact]
    public void BoxesRasterizeToPycocotoolsRuns()
    {
        int i = 0;
        foreach (var e in Expected.GetProperty("boxes").EnumerateArray())
        {
            var rle = Box(i++);
            Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(rle));
            Assert.Equal(e.GetProperty("area").GetUInt32(), RleOps.Area(rle));
            Assert.Equal(Doubles(e.GetProperty("bbox")), RleOps.ToBbox(rle));
        }
    }

    [Fact]
    public void MultiPartPolygonMergesAsAnnToRle()
    {
        var e = Expected.GetProperty("multipart");
        var parts = e.GetProperty("parts").EnumerateArray().Select(Doubles).ToList();
        var rle = Detect.Masks.MaskApi.FromSegmentation(new Detect.Datasets.PolygonSegmentation(parts), H, W);
        Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(rle));
        Assert.Equal(e.GetProperty("area").GetUInt32(), RleOps.Area(rle));
    }

    [Fact]
    public void EncodeMatchesPycocotoolsOnRandomMasks()
    {
        foreach (var e in Expected.GetProperty("encode").EnumerateArray())
        {
            var rows = e.GetProperty("mask_rows").EnumerateArray().Select(r => r.GetString()!).ToArray();
            var rowMajor = rows.SelectMany(r => r.Select(c => (byte)(c - '0'))).ToArray();
            var rle = RleEncoding.EncodeRowMajor(rowMajor, rows.Length, rows[0].Length);
            Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(rle));
            Assert.Equal(Doubles(e.GetProperty("bbox")), RleOps.ToBbox(rle));
            Assert.Equal(rowMajor, RleEncoding.DecodeRowMajor(rle));
            var columnMajor = RleEncoding.DecodeColumnMajor(rle);
            Assert.Equal(rle, RleEncoding.EncodeColumnMajor(columnMajor, rle.Height, rle.Width));
        }
    }

    [Fact]
    public void MergeUnionAndIntersectionMatchPycocotools()
    {
        var rles = AllRles();
        foreach (var e in Expected.GetProperty("merge").EnumerateArray())
        {
            var merged = RleOps.Merge([rles[e.GetProperty("a").GetInt32()], rles[e.GetProperty("b").GetInt32()]], e.GetProperty("intersect").GetInt32() == 1);
            Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(merged));
        }
    }

    [Fact]
    public void MaskIouWithCrowdsIsBitIdentical()
    {
        var rles = AllRles();
        var e = Expected.GetProperty("iou");
        var dt = e.GetProperty("dt").EnumerateArray().Select(v => rles[v.GetInt32()]).ToList();
        var gt = e.GetProperty("gt").EnumerateArray().Select(v => rles[v.GetInt32()]).ToList();
        var crowd = e.GetProperty("iscrowd").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray();
        var iou = MaskIou.RleIou(dt, gt, crowd);
        AssertMatrix(e.GetProperty("values"), iou);
    }

    [Fact]
    public void BoxIouWithCrowdsIsBitIdentical()
    {
        var e = Expected.GetProperty("box_iou");
        var dt = e.GetProperty("dt").EnumerateArray().SelectMany(Doubles).ToArray();
        var gt = e.GetProperty("gt").EnumerateArray().SelectMany(Doubles).ToArray();
        var crowd = e.GetProperty("iscrowd").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray();
        AssertMatrix(e.GetProperty("values"), MaskIou.BoxIou(dt, gt, crowd));
    }

    [Fact]
    public void UncompressedCountsCompressAsFrPyObjects()
    {
        foreach (var e in Expected.GetProperty("uncompressed").EnumerateArray())
        {
            var counts = e.GetProperty("counts_list").EnumerateArray().Select(v => v.GetUInt32()).ToArray();
            var rle = Detect.Masks.MaskApi.FromUncompressed(counts, H, W);
            Assert.Equal(e.GetProperty("counts").GetString(), RleCodec.ToCompressedString(rle));
            Assert.Equal(e.GetProperty("area").GetUInt32(), RleOps.Area(rle));
            Assert.Equal(Doubles(e.GetProperty("bbox")), RleOps.ToBbox(rle));
        }
    }

    [Fact]
    public void CodecRoundTripsLargeAndDecreasingCounts()
    {
        foreach (var e in Expected.GetProperty("strings").EnumerateArray())
        {
            var counts = e.GetProperty("counts_list").EnumerateArray().Select(v => v.GetUInt32()).ToArray();
            var size = e.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            string compressed = e.GetProperty("counts").GetString()!;
            Assert.Equal(compressed, RleCodec.ToCompressedString(new Rle(size[0], size[1], counts)));
            Assert.Equal(counts, RleCodec.FromCompressedString(compressed, size[0], size[1]).Counts);
            Assert.Equal(e.GetProperty("area").GetUInt32(), RleOps.Area(new Rle(size[0], size[1], counts)));
        }
    }

    private static void AssertMatrix(JsonElement expected, double[,] actual)
    {
        int d = 0;
        foreach (var row in expected.EnumerateArray())
        {
            int g = 0;
            foreach (var v in row.EnumerateArray()) Assert.Equal(v.GetDouble(), actual[d, g++]);
            Assert.Equal(actual.GetLength(1), g);
            d++;
        }
        Assert.Equal(actual.GetLength(0), d);
    }
}
