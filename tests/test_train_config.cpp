// tests/test_train_config.cpp — the options of `infoplane train`: defaults, an INI file overridden by the
// command line, every kind of bad input with where it came from, and run.ini's text reading back to the
// same configuration.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/train_config.hpp"
#include "temp_dir.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = (dir.path / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// Every field, so that a field that to_ini or the parser forgets shows up by name.
void check_same_config(const apps::TrainConfig& a, const apps::TrainConfig& b) {
    CHECK(a.dataset == b.dataset);
    CHECK(a.split == b.split);
    CHECK(a.train_fraction == b.train_fraction);
    CHECK(a.probe == b.probe);
    CHECK(a.model == b.model);
    CHECK(a.layers == b.layers);
    CHECK(a.bottleneck == b.bottleneck);
    CHECK(a.noise_sigma == b.noise_sigma);
    CHECK(a.dropout == b.dropout);
    CHECK(a.probe_samples == b.probe_samples);
    CHECK(a.data_dir == b.data_dir);
    CHECK(a.inputs == b.inputs);
    CHECK(a.activation == b.activation);
    CHECK(a.init == b.init);
    CHECK(a.loss == b.loss);
    CHECK(a.optimizer == b.optimizer);
    CHECK(a.lr == b.lr);
    CHECK(a.momentum == b.momentum);
    CHECK(a.nesterov == b.nesterov);
    CHECK(a.weight_decay == b.weight_decay);
    CHECK(a.decoupled_weight_decay == b.decoupled_weight_decay);
    CHECK(a.batch_size == b.batch_size);
    CHECK(a.epochs == b.epochs);
    CHECK(a.seed == b.seed);
    CHECK(a.threads == b.threads);
    CHECK(a.schedule == b.schedule);
    CHECK(a.snapshots == b.snapshots);
    CHECK(a.every == b.every);
    CHECK(a.estimators == b.estimators);
}

using Args = std::vector<std::string>;

}  // namespace

TEST_CASE("parse_train_arguments without options gives the IDNNs defaults", "[apps]") {
    const apps::TrainInvocation inv = apps::parse_train_arguments({"--out", "runs/x"});
    CHECK(inv.out_dir == "runs/x");
    CHECK(inv.config_path.empty());
    CHECK_FALSE(inv.force);
    CHECK_FALSE(inv.help);
    check_same_config(inv.config, apps::TrainConfig{});
    // The defaults themselves, as the header documents them.
    CHECK(inv.config.layers == std::vector<std::size_t>{10, 7, 5, 4, 3});
    CHECK(inv.config.lr == 4e-4);
    CHECK(inv.config.batch_size == 512);
    CHECK(inv.config.epochs == 8000);
    CHECK(inv.config.seed == 1);
    CHECK(inv.config.snapshots == 274);
    CHECK(inv.config.estimators == std::vector<std::string>{"binning"});
    CHECK(inv.config.inputs == "unit");
}

TEST_CASE("parse_train_arguments reads --force and --help, and needs --out only to train", "[apps]") {
    CHECK(apps::parse_train_arguments({"--out", "d", "--force"}).force);
    CHECK(apps::parse_train_arguments({"--help"}).help);
    CHECK(apps::parse_train_arguments({"-h"}).help);
    CHECK_THROWS_AS(apps::parse_train_arguments({}), std::invalid_argument);
    CHECK_THROWS_WITH(apps::parse_train_arguments({"--epochs", "5"}), Contains("--out DIR is required"));
}

TEST_CASE("parse_train_arguments reads command-line values of every type", "[apps]") {
    const apps::TrainInvocation inv = apps::parse_train_arguments(
        {"--out=o", "--split", "saxe", "--probe", "train,test", "--layers", "12,6", "--activation", "relu",
         "--optimizer", "sgd", "--lr", "0.05", "--momentum", "0.9", "--nesterov", "--batch_size", "64",
         "--epochs", "30", "--seed", "99", "--schedule", "every", "--every", "5", "--inputs", "standardize", "--estimator",
         "binning:size=0.07", "--estimator", "binning:edges=10,lo=0,hi=2"});
    const apps::TrainConfig& c = inv.config;
    CHECK(inv.out_dir == "o");
    CHECK(c.split == "saxe");
    CHECK(c.probe == std::vector<std::string>{"train", "test"});
    CHECK(c.layers == std::vector<std::size_t>{12, 6});
    CHECK(c.activation == "relu");
    CHECK(c.optimizer == "sgd");
    CHECK(c.lr == 0.05);
    CHECK(c.momentum == 0.9);
    CHECK(c.nesterov);
    CHECK(c.batch_size == 64);
    CHECK(c.epochs == 30);
    CHECK(c.seed == 99);
    CHECK(c.schedule == "every");
    CHECK(c.every == 5);
    CHECK(c.inputs == "standardize");
    CHECK(c.estimators == std::vector<std::string>{"binning:size=0.07", "binning:edges=10,lo=0,hi=2"});
}

TEST_CASE("an INI file sets options and the command line overrides it", "[apps]") {
    TempDir dir;
    const std::string ini = write_file(dir, "exp.ini",
                                       "# an experiment\n"
                                       "epochs = 50\n"
                                       "lr = 0.01\n"
                                       "layers = 8,4\n"
                                       "estimator = binning:size=0.07\n"
                                       "estimator = binning:edges=30,lo=-1,hi=1\n");
    SECTION("the file alone") {
        const apps::TrainInvocation inv = apps::parse_train_arguments({"--config", ini, "--out", "o"});
        CHECK(inv.config_path == ini);
        CHECK(inv.config.epochs == 50);
        CHECK(inv.config.lr == 0.01);
        CHECK(inv.config.layers == std::vector<std::size_t>{8, 4});
        CHECK(inv.config.estimators == std::vector<std::string>{"binning:size=0.07", "binning:edges=30,lo=-1,hi=1"});
        CHECK(inv.config.batch_size == 512);  // not in the file: the default
    }
    SECTION("command-line flags win, before or after --config") {
        const apps::TrainInvocation inv = apps::parse_train_arguments(
            {"--epochs", "20", "--config", ini, "--out", "o", "--lr=0.5", "--estimator", "binning"});
        CHECK(inv.config.epochs == 20);
        CHECK(inv.config.lr == 0.5);
        CHECK(inv.config.layers == std::vector<std::size_t>{8, 4});
        // A repeatable option given on the command line replaces the file's list as a whole.
        CHECK(inv.config.estimators == std::vector<std::string>{"binning"});
    }
}

TEST_CASE("INI problems are reported at PATH:LINE", "[apps]") {
    TempDir dir;
    struct Case {
        const char* text;
        const char* location;
        const char* problem;
    };
    const Case cases[] = {
        {"epochs = 5\n\nbogus_key = 1\n", ":3: ", "unknown key 'bogus_key'"},
        {"epochs = 5\nepochs = 6\n", ":2: ", "'epochs' is set twice (first on line 1)"},
        {"# x\nout = runs/elsewhere\n", ":2: ", "'out' belongs on the command line"},
        {"config = other.ini\n", ":1: ", "'config' belongs on the command line"},
        {"seed = 1\nepochs = abc\n", ":2: ", "epochs"},
        {"lr = fast\n", ":1: ", "lr"},
        {"epochs 5\n", ":1: ", "expected `key = value`"},
    };
    for (const Case& c : cases) {
        const std::string ini = write_file(dir, "bad.ini", c.text);
        INFO(c.text);
        CHECK_THROWS_AS(apps::parse_train_arguments({"--config", ini, "--out", "o"}), std::exception);
        CHECK_THROWS_WITH(apps::parse_train_arguments({"--config", ini, "--out", "o"}),
                          StartsWith(ini + c.location) && Contains(c.problem));
    }
}

TEST_CASE("a missing --config file is named", "[apps]") {
    TempDir dir;
    const std::string missing = (dir.path / "nope.ini").string();
    CHECK_THROWS_WITH(apps::parse_train_arguments({"--config", missing, "--out", "o"}),
                      StartsWith(missing + ": cannot read"));
}

TEST_CASE("bad command-line options and values throw std::invalid_argument naming them", "[apps]") {
    struct Case {
        Args arguments;
        const char* problem;
    };
    const std::vector<Case> cases = {
        {{"--out", "o", "--bogus", "1"}, "bogus"},
        {{"--out", "o", "--lr", "abc"}, "lr"},
        {{"--out", "o", "--epochs", "1.5"}, "epochs"},
        {{"--out", "o", "--epochs=0"}, "epochs must be positive"},
        {{"--out", "o", "--epochs=-5"}, "epochs must be positive"},
        {{"--out", "o", "--batch_size", "0"}, "batch_size must be positive"},
        {{"--out", "o", "--dropout", "1"}, "dropout must be in [0, 1)"},
        {{"--out", "o", "--noise_sigma", "-0.1"}, "noise_sigma must be >= 0"},
        {{"--out", "o", "--noise_sigma", "inf"}, "noise_sigma must be >= 0"},
        {{"--out", "o", "--probe_samples=-1"}, "probe_samples must be >= 0"},
        {{"--out", "o", "--model", "lenet5"}, "lenet5 needs 28x28 images"},
        {{"--out", "o", "--dataset", "mnist"}, "mnist uses files"},
        {{"--out", "o", "--lr", "nan"}, "lr must be a positive number"},
        {{"--out", "o", "--lr", "inf"}, "lr must be a positive number"},
        {{"--out", "o", "--lr=-0.1"}, "lr must be a positive number"},
        {{"--out", "o", "--lr", "0"}, "lr must be a positive number"},
        {{"--out", "o", "--seed=-1"}, "seed must be >= 0"},
        {{"--out", "o", "--split", "bogus"}, "split: unknown value 'bogus'"},
        {{"--out", "o", "--dataset", "nope"}, "dataset: unknown"},
        {{"--out", "o", "--model", "nope"}, "model: unknown value 'nope'"},
        {{"--out", "o", "--model", "autoencoder"}, "an autoencoder is trained with loss = mse"},
        {{"--out", "o", "--loss", "mse"}, "an autoencoder is trained with loss = mse"},
        {{"--out", "o", "--model", "autoencoder", "--loss", "mse", "--bottleneck", "0"}, "bottleneck must be positive"},
        {{"--out", "o", "--inputs", "minmax"}, "inputs: unknown value 'minmax' (known: standardize, symmetric, unit)"},
        {{"--out", "o", "--inputs", ""}, "inputs: unknown value ''"},
        {{"--out", "o", "--model", "autoencoder", "--loss", "mse", "--inputs", "symmetric"},
         "inputs: an autoencoder reproduces its input through a sigmoid output in (0, 1), so it needs inputs = unit, not 'symmetric'"},
        {{"--out", "o", "--model", "autoencoder", "--loss", "mse", "--inputs", "standardize"}, "needs inputs = unit"},
        {{"--out", "o", "--train_fraction", "1"}, "train_fraction must be in (0, 1)"},
        {{"--out", "o", "--probe", "all,all"}, "'all' is listed twice"},
        {{"--out", "o", "--probe", "validation"}, "probe: unknown value 'validation'"},
        {{"--out", "o", "--layers", "10,0"}, "'0' is not a positive width"},
        {{"--out", "o", "--layers", "10,,3"}, "'' is not a positive width"},
        {{"--out", "o", "--layers", "10,-3"}, "'-3' is not a positive width"},
        {{"--out", "o", "--loss", "hinge"}, "loss: unknown value 'hinge'"},
        {{"--out", "o", "--optimizer", "rmsprop"}, "optimizer: unknown value 'rmsprop'"},
        {{"--out", "o", "--momentum", "1"}, "momentum must be in [0, 1)"},
        {{"--out", "o", "--nesterov"}, "nesterov needs optimizer = sgd"},
        {{"--out", "o", "--weight_decay=-1"}, "weight_decay must be >= 0"},
        {{"--out", "o", "--threads=-1"}, "threads must be >= 0"},
        {{"--out", "o", "--schedule", "linear"}, "schedule: unknown value 'linear'"},
        {{"--out", "o", "--snapshots", "0"}, "snapshots must be positive"},
        {{"--out", "o", "--every", "0"}, "every must be positive"},
        {{"--out", "o", "--estimator", "nope"}, "unknown estimator 'nope'"},
        {{"--out", "o", "--estimator", "binning:bins=30"}, "bins"},
    };
    for (const Case& c : cases) {
        std::string shown;
        for (const std::string& a : c.arguments) shown += a + " ";
        INFO(shown);
        CHECK_THROWS_AS(apps::parse_train_arguments(c.arguments), std::invalid_argument);
        CHECK_THROWS_WITH(apps::parse_train_arguments(c.arguments), Contains(c.problem));
    }
}

TEST_CASE("a negative batch size is refused, not wrapped to a huge one", "[apps]") {
    // Boost's lexical_cast reads "-1" into an unsigned type as 2^64 - 1; that is not a batch size anybody
    // asked for, and run.ini would record it.
    CHECK_THROWS_AS(apps::parse_train_arguments({"--out", "o", "--batch_size=-1"}), std::invalid_argument);
}

TEST_CASE("to_ini writes numbers exactly and booleans as words", "[apps]") {
    const std::string text = apps::to_ini(apps::TrainConfig{});
    CHECK_THAT(text, StartsWith("dataset = szt\n"));
    CHECK_THAT(text, Contains("\nlayers = 10,7,5,4,3\n"));
    CHECK_THAT(text, Contains("\nlr = 4e-04\n"));  // the shortest text that reads back as 4e-4
    CHECK_THAT(text, Contains("\nnesterov = false\n"));
    CHECK_THAT(text, Contains("\nbatch_size = 512\n"));
    CHECK_THAT(text, Contains("\ninputs = unit\n"));
    CHECK_THAT(text, EndsWith("\nestimator = binning\n"));
}

TEST_CASE("to_ini reads back to the same configuration", "[apps]") {
    TempDir dir;
    apps::TrainConfig config;
    config.split = "random";
    config.train_fraction = 0.7;
    config.probe = {"train", "test"};
    config.layers = {12, 6, 2};
    config.activation = "sigmoid";
    config.init = "glorot_uniform";
    config.loss = "clipped_cross_entropy";
    config.optimizer = "sgd";
    config.lr = 0.1 + 0.2;  // 0.30000000000000004: needs all 17 digits to come back exactly
    config.momentum = 0.9;
    config.nesterov = true;
    config.weight_decay = 1e-5;
    config.decoupled_weight_decay = true;
    config.batch_size = 64;
    config.epochs = 123;
    config.seed = 1234567890123;
    config.threads = 2;
    config.schedule = "every";
    config.snapshots = 50;
    config.every = 7;
    config.estimators = {"binning:edges=30,lo=-1,hi=1", "binning:size=0.07"};
    config.noise_sigma = 0.1;
    config.dropout = 0.25;
    config.probe_samples = 300;
    config.inputs = "symmetric";

    const std::string text = apps::to_ini(config);
    const std::string ini = write_file(dir, "run.ini", "# infoplane\n# seed: 1234567890123\n" + text);
    const apps::TrainInvocation inv = apps::parse_train_arguments({"--config", ini, "--out", "o"});
    check_same_config(inv.config, config);
    CHECK(apps::to_ini(inv.config) == text);

    // An autoencoder, whose code width is written only for that model.
    apps::TrainConfig autoencoder;
    autoencoder.model = "autoencoder";
    autoencoder.layers = {8, 4};
    autoencoder.bottleneck = 3;
    autoencoder.loss = "mse";
    autoencoder.activation = "sigmoid";
    const std::string autoencoder_text = apps::to_ini(autoencoder);
    CHECK_THAT(autoencoder_text, Contains("\nbottleneck = 3\n"));
    const std::string autoencoder_ini = write_file(dir, "autoencoder.ini", autoencoder_text);
    const apps::TrainConfig read_back = apps::parse_train_arguments({"--config", autoencoder_ini, "--out", "o"}).config;
    check_same_config(read_back, autoencoder);
    CHECK(apps::to_ini(read_back) == autoencoder_text);

    // The defaults too (nesterov and decoupled_weight_decay written as "false").
    const std::string defaults = write_file(dir, "defaults.ini", apps::to_ini(apps::TrainConfig{}));
    check_same_config(apps::parse_train_arguments({"--config", defaults, "--out", "o"}).config, apps::TrainConfig{});
}

TEST_CASE("train_usage lists every option that to_ini writes", "[apps]") {
    const std::string usage = apps::train_usage();
    CHECK_THAT(usage, StartsWith("usage: infoplane train"));
    for (const char* option :
         {"--config", "--out", "--force", "--dataset", "--split", "--train_fraction", "--probe", "--model", "--layers",
          "--bottleneck", "--activation", "--init", "--loss", "--optimizer", "--lr", "--momentum", "--nesterov",
          "--weight_decay", "--decoupled_weight_decay", "--batch_size", "--epochs", "--seed", "--threads",
          "--schedule", "--snapshots", "--every", "--estimator", "--inputs"})
        CHECK_THAT(usage, Contains(option));
}
