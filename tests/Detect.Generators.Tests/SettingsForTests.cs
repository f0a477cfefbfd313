using Detect.Config;
using Detect.Generators.Tests.Infrastructure;

namespace Detect.Generators.Tests;

/// <summary>
/// <c>[SettingsFor]</c>: a detector's settings slot is handed to a head slot when the detector is built, so the head takes
/// the settings in its constructor (MMDetection's <c>bbox_head.update(test_cfg=test_cfg)</c> before building the head).
/// The settings themselves or one of their items go to the head's key of the same name; unset ones keep the head's own.
/// </summary>
public sealed class SettingsForTests
{
    private const string Components = """
        using Detect.Config;

        namespace Users;

        public sealed class Limits { public Limits(int most) { Most = most; } public int Most { get; } }
        public sealed class PairedLimits { public PairedLimits(Limits? first = null, Limits? second = null) { First = first; Second = second; } public Limits? First { get; } public Limits? Second { get; } }
        public sealed class Head { public Head(int width, Limits? testCfg = null) { Width = width; TestCfg = testCfg; } public int Width { get; } public Limits? TestCfg { get; } }
        public sealed class Finder { public Finder(Head head, Head? second = null) { Head = head; Second = second; } public Head Head { get; } public Head? Second { get; } }

        /// <summary>Finders.</summary>
        [ComponentKind(DefaultSlot = "model")]
        public abstract class FinderKindAttribute : ComponentAttribute;

        /// <summary>Heads.</summary>
        [ComponentKind(DefaultSlot = "model.head")]
        public abstract class HeadKindAttribute : ComponentAttribute;

        /// <summary>Settings.</summary>
        [ComponentKind(DefaultSlot = "model.test_cfg")]
        public abstract class SettingsKindAttribute : ComponentAttribute;

        /// <summary>One head's test settings.</summary>
        [Register("", Builds = typeof(Limits))]
        public sealed class LimitsCfgAttribute : SettingsKindAttribute
        {
            /// <summary>Most.</summary>
            public int Most { get; set; }
        }

        /// <summary>The finder's test settings: one item per head.</summary>
        [Register("", Builds = typeof(PairedLimits))]
        public sealed class PairedCfgAttribute : SettingsKindAttribute
        {
            /// <summary>The first head's.</summary>
            public LimitsCfgAttribute? First { get; }
            /// <summary>The second head's.</summary>
            public LimitsCfgAttribute? Second { get; }
        }

        /// <summary>A head.</summary>
        [Register("Head", Builds = typeof(Head))]
        public sealed class HeadAttribute : HeadKindAttribute
        {
            /// <summary>Width.</summary>
            public int Width { get; set; }
            /// <summary>Its own test settings.</summary>
            public LimitsCfgAttribute? TestCfg { get; }
        }

        /// <summary>A finder with two heads.</summary>
        [Register("Finder", Builds = typeof(Finder))]
        public sealed class FinderAttribute : FinderKindAttribute
        {
            /// <summary>The first head.</summary>
            public HeadKindAttribute? Head { get; }
            /// <summary>The second head.</summary>
            public HeadKindAttribute? Second { get; }
            /// <summary>Test settings: the heads'.</summary>
            [SettingsFor("head", Item = "first")]
            [SettingsFor("second", Item = "second")]
            public PairedCfgAttribute? TestCfg { get; }
        }
        """;

    [Fact]
    public void Build_builds_each_head_with_its_item_of_the_settings()
    {
        var run = GeneratorHarness.Generate(("Components/Finder.cs", Components));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        Snapshot.Match("SettingsForRecord", run.Source("Users.FinderConfig.g.cs"));
    }

    [Fact]
    public void Heads_take_the_detector_settings_and_keep_their_own_where_it_has_none()
    {
        var assembly = GeneratorHarness.Load(("Components/Finder.cs", Components));
        ComponentConfig Make(string type, params (string Key, object? Value)[] values) =>
            values.Aggregate((ComponentConfig)Activator.CreateInstance(assembly.GetType("Users." + type)!)!, (c, v) => c.With(v.Key, v.Value));
        var finder = Make("FinderConfig",
            ("head", Make("HeadConfig", ("width", 3))),
            ("second", Make("HeadConfig", ("width", 4), ("test_cfg", Make("LimitsCfgConfig", ("most", 7))))),
            ("test_cfg", Make("PairedCfgConfig", ("first", Make("LimitsCfgConfig", ("most", 1))))));

        dynamic built = finder.Build();

        Assert.Equal(1, (int)built.Head.TestCfg.Most);
        Assert.Equal(7, (int)built.Second.TestCfg.Most);
        // The stored config is untouched: the settings live in the detector's test_cfg only.
        Assert.Null(((ComponentConfig)Item(finder, "head")!).Entries.Single(e => e.Field.Key == "test_cfg").Value);
    }

    [Fact]
    public void A_head_without_the_key_is_a_clear_error()
    {
        var head = new Probe();
        var e = Assert.Throws<ConfigurationException>(() => ConfigBuild.WithSettings(head, "bbox_head", "RetinaNet", ("test_cfg", head)));
        Assert.Equal("RetinaNet.bbox_head: Probe has no test_cfg, so it cannot take the detector's test_cfg.", e.Message);
    }

    private static object? Item(ComponentConfig config, string key) => ConfigBuild.Item(config, key);

    /// <summary>A config node with no keys.</summary>
    private sealed record Probe : ComponentConfig
    {
        public override string TypeName => "Probe";
        public override object Build() => this;
    }
}
