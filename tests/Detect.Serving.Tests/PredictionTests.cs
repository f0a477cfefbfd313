using System.Net;
using System.Text.Json;
using Detect.Inference;
using Detect.Models.Tests.Inference;

namespace Detect.Serving.Tests;

/// <summary>The server over a real model: a POSTed image gets exactly what <see cref="DetInferencer.Run(IEnumerable{string}, InferencerCallOptions?)"/> gives its file.</summary>
public sealed class PredictionTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-serving-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_posted_image_gets_the_prediction_json_of_DetInferencer_Run_on_its_file()
    {
        var images = TinyInferencer.Images(folder, 2);
        var inferencer = TinyInferencer.Create();
        var expected = inferencer.Run(images, new InferencerCallOptions { ShowProgress = false });
        var expectedJson = expected.Select(p => PredictionJson.ToJson(p.Instances)).ToList();
        foreach (var p in expected) p.Dispose();

        await using var fixture = await ServerFixture.StartAsync(new InferencerBackend(inferencer), new ServerOptions { MaxBatchSize = 2 });
        for (int i = 0; i < images.Count; i++)
        {
            using var response = await fixture.PostAsync(File.ReadAllBytes(images[i]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var actual = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            using var wanted = JsonDocument.Parse(expectedJson[i]);
            Assert.True(wanted.RootElement.GetProperty("labels").GetArrayLength() > 0, "score_thr 0 keeps predictions");
            foreach (var key in new[] { "labels", "scores", "bboxes" })
                Assert.Equal(wanted.RootElement.GetProperty(key).GetRawText(), actual.RootElement.GetProperty(key).GetRawText());
        }
    }
}
