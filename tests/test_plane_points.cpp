// tests/test_plane_points.cpp — grouping information-plane rows into panels (estimator x split) and per-layer
// trails in epoch order, rows that were not estimated, and the errors that name the file.
#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/csv.hpp"
#include "apps/plane_points.hpp"

using Catch::Matchers::Equals;

namespace {

apps::CsvTable parse(const std::string& text) {
    std::istringstream in(text);
    return apps::read_csv(in, "t.csv");
}

const std::string kHeader = "epoch,layer,layer_name,estimator,split,i_xt_bits,i_ty_bits\n";

}  // namespace

TEST_CASE("collect_plane_points groups rows into panels and epoch-ordered trails", "[apps]") {
    const apps::CsvTable table = parse(kHeader +
                                       "10,2,dense2,kde:var=0.1,all,5,0.5\n"
                                       "0,1,dense1,\"binning:edges=30,lo=-1,hi=1\",all,11,0.6\n"
                                       "0,2,dense2,\"binning:edges=30,lo=-1,hi=1\",all,8,0.4\n"
                                       "10,1,dense1,\"binning:edges=30,lo=-1,hi=1\",all,11.5,0.9\n"
                                       "0,2,dense2,kde:var=0.1,all,4,0.3\n"
                                       "5,1,dense1,\"binning:edges=30,lo=-1,hi=1\",test,10,\n"
                                       "20,1,dense1,\"binning:edges=30,lo=-1,hi=1\",test,,0.7\n"
                                       "5,3,,\"binning:edges=30,lo=-1,hi=1\",all,2,0.2\n");
    const apps::PlaneData data = apps::collect_plane_points(table, "i_xt_bits", "i_ty_bits");

    CHECK_THAT(data.estimators, Equals(std::vector<std::string>{"kde:var=0.1", "binning:edges=30,lo=-1,hi=1"}));
    CHECK_THAT(data.splits, Equals(std::vector<std::string>{"all", "test"}));
    CHECK(data.layers == std::vector<std::int64_t>{1, 2, 3});
    CHECK_THAT(data.layer_names, Equals(std::vector<std::string>{"dense1", "dense2", "layer 3"}));
    CHECK(data.first_epoch == 0);
    CHECK(data.last_epoch == 20);
    REQUIRE(data.panels.size() == 3);

    const apps::PlanePanel& kde = data.panels[0];
    CHECK(kde.estimator == "kde:var=0.1");
    CHECK(kde.split == "all");
    CHECK(kde.estimator_index == 0);
    CHECK(kde.split_index == 0);
    CHECK(kde.rows == 2);
    REQUIRE(kde.trails.size() == 1);
    CHECK(kde.trails[0].layer == 1);  // index of layer 2 in data.layers
    REQUIRE(kde.trails[0].points.size() == 2);
    CHECK(kde.trails[0].points[0].epoch == 0);  // sorted, although epoch 10 came first in the file
    CHECK(kde.trails[0].points[0].x == 4.0);
    CHECK(kde.trails[0].points[1].epoch == 10);
    CHECK(kde.trails[0].points[1].y == 0.5);

    const apps::PlanePanel& binning = data.panels[1];
    CHECK(binning.estimator_index == 1);
    CHECK(binning.split_index == 0);
    CHECK(binning.rows == 4);
    CHECK(binning.missing_x == 0);
    CHECK(binning.missing_y == 0);
    REQUIRE(binning.trails.size() == 3);
    CHECK(binning.trails[0].layer == 0);
    REQUIRE(binning.trails[0].points.size() == 2);
    CHECK(binning.trails[0].points[1].x == 11.5);
    CHECK(binning.trails[0].points[1].y == 0.9);
    CHECK(binning.trails[2].layer == 2);
    CHECK(binning.trails[2].points[0].epoch == 5);

    const apps::PlanePanel& test_split = data.panels[2];
    CHECK(test_split.split == "test");
    CHECK(test_split.estimator_index == 1);
    CHECK(test_split.split_index == 1);
    CHECK(test_split.rows == 2);
    CHECK(test_split.missing_x == 1);
    CHECK(test_split.missing_y == 1);
    CHECK(test_split.trails.empty());
}

TEST_CASE("collect_plane_points reads the columns it is given", "[apps]") {
    const apps::CsvTable table = parse(
        "epoch,layer,estimator,split,i_xt_bits,i_ty_bits,i_txprime_bits\n"
        "3,1,renyi,all,2.5,,1.25\n");
    const apps::PlaneData data = apps::collect_plane_points(table, "i_xt_bits", "i_txprime_bits");
    REQUIRE(data.panels.size() == 1);
    REQUIRE(data.panels[0].trails.size() == 1);
    CHECK(data.panels[0].trails[0].points[0].x == 2.5);
    CHECK(data.panels[0].trails[0].points[0].y == 1.25);
    CHECK_THAT(data.layer_names, Equals(std::vector<std::string>{"layer 1"}));  // no layer_name column
    CHECK(apps::collect_plane_points(table, "i_xt_bits", "i_ty_bits").panels[0].missing_y == 1);
}

TEST_CASE("a NaN value counts as not estimated", "[apps]") {
    const apps::CsvTable table = parse(kHeader + "0,1,d,b,all,nan,1\n1,1,d,b,all,2,1\n");
    const apps::PlaneData data = apps::collect_plane_points(table, "i_xt_bits", "i_ty_bits");
    CHECK(data.panels[0].missing_x == 1);
    CHECK(data.panels[0].trails[0].points.size() == 1);
}

TEST_CASE("collect_plane_points names the file, line and column of bad input", "[apps]") {
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader), "i_xt_bits", "i_ty_bits"), "t.csv: no rows to plot");
    CHECK_THROWS_WITH(apps::collect_plane_points(parse("epoch,layer,estimator,i_xt_bits,i_ty_bits\n0,1,b,1,1\n"),
                                                 "i_xt_bits", "i_ty_bits"),
                      "t.csv: no column 'split' (columns: epoch, layer, estimator, i_xt_bits, i_ty_bits)");
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader + "0,1,d,b,all,1,1\n"), "i_xt_bits", "i_tx_bits"),
                      Catch::Matchers::StartsWith("t.csv: no column 'i_tx_bits'"));
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader + "0,1,d,b,all,1,1\n1.5,1,d,b,all,1,1\n"),
                                                 "i_xt_bits", "i_ty_bits"),
                      "t.csv:3: column 'epoch': '1.5' is not an integer");
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader + "0,first,d,b,all,1,1\n"), "i_xt_bits", "i_ty_bits"),
                      "t.csv:2: column 'layer': 'first' is not an integer");
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader + "0,1,d,b,all,1,1 bit\n"), "i_xt_bits", "i_ty_bits"),
                      "t.csv:2: column 'i_ty_bits': '1 bit' is not a number");
    CHECK_THROWS_WITH(apps::collect_plane_points(parse(kHeader + "0,1,d,b,all,inf,1\n"), "i_xt_bits", "i_ty_bits"),
                      "t.csv:2: column 'i_xt_bits': 'inf' is not finite and cannot be plotted");
    CHECK_THROWS_AS(apps::collect_plane_points(parse(kHeader), "i_xt_bits", "i_ty_bits"), std::runtime_error);
}
