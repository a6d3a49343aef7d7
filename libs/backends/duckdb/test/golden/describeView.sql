DESCRIBE "sh"."sales_load_1";
