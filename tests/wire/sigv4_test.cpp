// SigV4 against the AWS test suite (tests/data/sigv4) and against botocore's SigV4Auth.
#include "support/botocore_sigv4.hpp"

#include <dynorm/wire/sigv4.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string strip_cr(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    return s;
}

// A .req file: "METHOD target HTTP/1.1", header lines (indented lines continue the previous
// value), a blank line, the body.
dynorm::sigv4::request parse_request(const std::string& text, std::string& body) {
    dynorm::sigv4::request req;
    std::istringstream in(strip_cr(text));
    std::string line;
    std::getline(in, line);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    req.method = line.substr(0, sp1);
    std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    while (std::getline(in, line) && !line.empty()) {
        if ((line[0] == ' ' || line[0] == '\t') && !req.headers.empty()) {
            req.headers.back().second += " " + line;
            continue;
        }
        const auto colon = line.find(':');
        req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    body = rest.str();
    return req;
}

const dynorm::credentials suite_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

} // namespace

TEST_CASE("SigV4 passes the AWS test suite", "[sigv4]") {
    const std::filesystem::path root = std::filesystem::path(DYNORM_TEST_DATA_DIR) / "sigv4";
    std::vector<std::filesystem::path> cases;
    for (const auto& entry : std::filesystem::directory_iterator(root))
        if (entry.is_directory()) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() == 34);
    const dynorm::sigv4::signer signer;
    for (const auto& dir : cases) {
        const std::string name = dir.filename().string();
        SECTION(name) {
            std::string body;
            dynorm::sigv4::request req = parse_request(read_file(dir / (name + ".req")), body);
            req.payload = body;
            // Where the case uses temporary credentials, its token is in the canonical request.
            const std::string creq = strip_cr(read_file(dir / (name + ".creq")));
            dynorm::credentials creds = suite_credentials;
            if (const auto at = creq.find("\nx-amz-security-token:"); at != std::string::npos) {
                const auto begin = at + 22;
                creds.session_token = creq.substr(begin, creq.find('\n', begin) - begin);
            }
            const auto sig = signer.sign(req, creds, "us-east-1", "service", "20150830T123600Z");
            CHECK(sig.canonical_request == creq);
            CHECK(sig.string_to_sign == strip_cr(read_file(dir / (name + ".sts"))));
            CHECK(sig.authorization == strip_cr(read_file(dir / (name + ".authz"))));
        }
    }
}

TEST_CASE("SigV4 for DynamoDB POST requests equals botocore's SigV4Auth", "[sigv4][boto3]") {
    const std::string body = R"({"TableName":"users","Key":{"username":{"S":"janedoe"},"last_name":{"S":"Doe"}}})";
    for (const std::string token : {"", "FQoGZXIvYXdzEJr//////////session+token="}) {
        const dynorm::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token};
        dynorm::sigv4::request req;
        req.headers = {{"host", "dynamodb.eu-west-1.amazonaws.com"},
                       {"content-type", "application/x-amz-json-1.0"},
                       {"x-amz-date", "20261121T083000Z"},
                       {"x-amz-target", "DynamoDB_20120810.GetItem"}};
        if (!token.empty()) req.headers.emplace_back("x-amz-security-token", token);
        req.payload = body;
        const auto ours = dynorm::sigv4::signer{}.sign(req, creds, "eu-west-1", "dynamodb", "20261121T083000Z");

        const auto reference = dynorm_test::botocore_sign(body, "DynamoDB_20120810.GetItem", "eu-west-1", token);
        CHECK(reference.amz_date == "20261121T083000Z");
        CHECK(reference.authorization == ours.authorization);
    }
}

TEST_CASE("x-amz-date is the request time in UTC", "[sigv4]") {
    using namespace std::chrono;
    CHECK(dynorm::sigv4::amz_date(system_clock::time_point(seconds(1440938160))) == "20150830T123600Z");
}
